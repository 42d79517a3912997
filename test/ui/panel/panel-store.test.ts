import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyse } from '../../../extension/devtools/model/analysis.ts';
import { chromeEntries, type HarEntry } from '../../fixtures/har/builders.ts';
import { scenario } from '../../fixtures/har/scenarios.ts';
import { createPanelStore } from '../../../extension/devtools/model/panel-store.ts';
import {
  PAGE_ORIGIN,
  SCENARIOS,
  harText,
  manyEntries,
  memoryClient,
  sameOriginEntry,
  scenarioEntries,
  settle,
  startedStore,
} from './support.ts';

const blockedScenarios = SCENARIOS.filter((s) => s.expect.verdict === 'blocked');

describe('live capture', () => {
  test('folds the tab’s earlier requests into one row per exchange, with the right verdicts', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    const { records, counts } = store.getState();
    // Preflights and redirect hops are folded: one row per scenario, not per entry.
    expect(records).toHaveLength(SCENARIOS.length);
    expect(counts.blocked).toBe(blockedScenarios.length);
    for (const [i, scenario] of SCENARIOS.entries()) {
      const analysis = analyse(records[i]!);
      expect(analysis.status, scenario.name).toBe(scenario.expect.verdict);
      expect(analysis.diagnosis.reason, scenario.name).toBe(scenario.expect.reason);
    }
  });

  test('adds requests as they finish, and counts them', async () => {
    const client = memoryClient();
    const store = await startedStore(client);
    expect(store.getState().records).toHaveLength(0);
    for (const entry of scenarioEntries(blockedScenarios.slice(0, 3))) client.finish(entry);
    await settle();
    expect(store.getState().counts.blocked).toBe(3);
    expect(store.getState().visible.map((r) => analyse(r).diagnosis.reason)).toEqual(
      blockedScenarios.slice(0, 3).map((s) => s.expect.reason),
    );
  });

  test('a request both in the snapshot and announced live shows once', async () => {
    const entries = scenarioEntries(SCENARIOS.slice(0, 2));
    const client = memoryClient({ har: entries });
    const store = createPanelStore({ client });
    const started = store.actions.start();
    // DevTools announces the last request while the panel is still reading the log.
    client.finish(entries[entries.length - 1]!);
    await started;
    await settle();
    expect(store.getState().records).toHaveLength(2);
  });

  test('a navigation while the panel reads the page address wins over the stale answer', async () => {
    const client = memoryClient({ pageUrl: 'about:blank' });
    const store = createPanelStore({ client });
    // DevTools answers the address read with the page being left, after the navigation was reported.
    let answer!: (url: string | undefined) => void;
    client.inspectedUrl = () => new Promise((resolve) => (answer = resolve));
    const started = store.actions.start();
    await settle();
    client.navigate(`${PAGE_ORIGIN}/app`);
    answer('about:blank');
    await started;
    await settle();
    const { source } = store.getState();
    expect(source.kind === 'live' && source.pageUrl).toBe(`${PAGE_ORIGIN}/app`);
  });

  test('a failed address read keeps the address the last navigation gave', async () => {
    const client = memoryClient();
    const store = await startedStore(client);
    client.navigate(`${PAGE_ORIGIN}/next`);
    client.inspectedUrl = () => Promise.reject(new Error('the inspected page is navigating'));
    await store.actions.reloadLive();
    await settle();
    const { source } = store.getState();
    expect(source.kind === 'live' && source.pageUrl).toBe(`${PAGE_ORIGIN}/next`);
  });

  test('an address unknown after a failed read is read again when the page makes a request', async () => {
    const client = memoryClient();
    const pageUrl = await client.inspectedUrl();
    let reads = 0;
    client.inspectedUrl = () => {
      reads++;
      return reads === 1
        ? Promise.reject(new Error('the page is changing'))
        : Promise.resolve(pageUrl);
    };
    const store = await startedStore(client);
    const { source: before } = store.getState();
    expect(before.kind === 'live' && before.pageUrl).toBeUndefined();
    for (const entry of scenarioEntries(blockedScenarios.slice(0, 2))) client.finish(entry);
    await settle();
    const { source } = store.getState();
    expect(source.kind === 'live' && source.pageUrl).toBe(pageUrl);
    // Known now: later requests do not ask again.
    client.finish(scenarioEntries(blockedScenarios.slice(2, 3))[0]!);
    await settle();
    expect(reads).toBe(2);
  });

  test('clears on navigation unless the log is preserved', async () => {
    const client = memoryClient({ har: scenarioEntries() });
    const store = await startedStore(client);
    store.actions.setPreserveLog(true);
    client.navigate('http://localhost:5173/other');
    await settle();
    expect(store.getState().records).toHaveLength(SCENARIOS.length);
    store.actions.setPreserveLog(false);
    client.navigate('http://localhost:5173/again');
    await settle();
    expect(store.getState().records).toHaveLength(0);
    expect(store.getState().counts.blocked).toBe(0);
  });

  test('keeps memory bounded: the oldest rows go, and the panel says how many', async () => {
    const client = memoryClient({ har: manyEntries(250) });
    const store = await startedStore(client, 100);
    const { records, dropped } = store.getState();
    expect(records.length).toBeLessThanOrEqual(100);
    expect(records.length + dropped).toBe(250);
    // The newest survive.
    expect(records.at(-1)!.url).toContain('n=249');
  });
});

describe('filters', () => {
  test('hide same-origin traffic by default, and show it on request', async () => {
    const store = await startedStore(
      memoryClient({ har: [...scenarioEntries(SCENARIOS.slice(0, 2)), sameOriginEntry()] }),
    );
    expect(store.getState().visible).toHaveLength(2);
    store.actions.setFilters({ showSameOrigin: true });
    await settle();
    const visible = store.getState().visible;
    expect(visible).toHaveLength(3);
    const own = visible.find((r) => r.url.startsWith(PAGE_ORIGIN))!;
    expect(own.crossOrigin).toBe(false);
    expect(analyse(own).status).toBe('not-cors');
  });

  test('blocked only, and words of the URL', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    store.actions.setFilters({ blockedOnly: true });
    await settle();
    expect(store.getState().visible).toHaveLength(blockedScenarios.length);
    store.actions.setFilters({ text: 'ITEMS 7' });
    await settle();
    expect(store.getState().visible.map((r) => r.url)).toEqual([
      'http://localhost:3000/api/items/7',
      'http://localhost:3000/api/items/7',
    ]);
    store.actions.setFilters({ blockedOnly: false, text: 'nothing-like-this' });
    await settle();
    expect(store.getState().visible).toHaveLength(0);
  });

  test('new rows respect the filters in force', async () => {
    const client = memoryClient();
    const store = await startedStore(client);
    store.actions.setFilters({ blockedOnly: true });
    for (const entry of scenarioEntries()) client.finish(entry);
    await settle();
    expect(store.getState().visible).toHaveLength(blockedScenarios.length);
  });
});

describe('keyboard selection', () => {
  test('moves within the visible rows and stops at the ends', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    const keys = store.getState().visible.map((r) => r.key);
    store.actions.moveSelection(1);
    expect(store.getState().selectedKey).toBe(keys[0]);
    store.actions.moveSelection(1);
    expect(store.getState().selectedKey).toBe(keys[1]);
    store.actions.moveSelection(-5);
    expect(store.getState().selectedKey).toBe(keys[0]);
    store.actions.select(undefined);
    store.actions.moveSelection(-1);
    expect(store.getState().selectedKey).toBe(keys.at(-1));
  });
});

describe('HAR files', () => {
  test('replace the live list until the user goes back', async () => {
    const client = memoryClient({ har: scenarioEntries(SCENARIOS.slice(0, 1)) });
    const store = await startedStore(client);
    store.actions.loadHar('session.har', harText(scenarioEntries(blockedScenarios)));
    await settle();
    expect(store.getState().source).toEqual({ kind: 'file', name: 'session.har' });
    expect(store.getState().counts.blocked).toBe(blockedScenarios.length);
    // Live requests do not mix into a file.
    for (const entry of scenarioEntries(SCENARIOS.slice(0, 3))) client.finish(entry);
    await settle();
    expect(store.getState().records).toHaveLength(blockedScenarios.length);
    await store.actions.reloadLive();
    await settle();
    expect(store.getState().source.kind).toBe('live');
    expect(store.getState().records).toHaveLength(1);
  });

  test('without Chromium’s blocked marks (Firefox), the engine judges every row', async () => {
    const store = await startedStore();
    const text = readFileSync(
      new URL('../../fixtures/har/firefox-mixed.har', import.meta.url),
      'utf8',
    );
    store.actions.loadHar('firefox.har', text);
    await settle();
    const { records, counts } = store.getState();
    expect(records.map((r) => r.marked)).toEqual([false, false, false, false]);
    expect(records.map((r) => analyse(r).diagnosis.reason)).toEqual([
      undefined,
      'MissingAllowOriginHeader',
      'PreflightMissingAllowOriginHeader',
      undefined,
    ]);
    expect(counts.blocked).toBe(2);
  });

  test.for([['announced live'], ['in the snapshot']])(
    'Firefox’s entries (no blocked marks), %s: the count and “Blocked only” agree with the rows',
    async ([how]) => {
      // Recorded in a real Firefox: nine blocked requests, the page and its favicon.
      const recorded = JSON.parse(
        readFileSync(new URL('../../fixtures/firefox/cors-cases.har', import.meta.url), 'utf8'),
      ).log.entries as HarEntry[];
      const pageUrl = 'http://localhost:42135/';
      const client = memoryClient({ pageUrl, har: how === 'in the snapshot' ? recorded : [] });
      const store = await startedStore(client);
      if (how === 'announced live') for (const entry of recorded) client.finish(entry);
      await settle();
      const { records, counts } = store.getState();
      const rows = records.map((r) => [analyse(r).status, analyse(r).diagnosis.reason]);
      expect(rows).toHaveLength(9);
      expect(rows.every(([status, reason]) => status === 'blocked' && reason)).toBe(true);
      expect(counts.blocked).toBe(9);
      store.actions.setFilters({ blockedOnly: true });
      await settle();
      expect(store.getState().visible).toHaveLength(9);
    },
  );

  test('report problems instead of failing', async () => {
    const store = await startedStore();
    store.actions.loadHar('broken.har', '{"log": {"entries": [{"request": 42}]}}');
    await settle();
    expect(store.getState().records).toHaveLength(0);
    expect(store.getState().inputErrors[0]?.path).toBe('log.entries[0].request');
    store.actions.loadHar('not-json.har', 'this is not a HAR');
    await settle();
    expect(store.getState().inputErrors.length).toBeGreaterThan(0);
  });
});

describe('console messages', () => {
  test('a pasted Chrome error gets the engine’s explanation', async () => {
    const store = await startedStore();
    store.actions.explainConsole(
      "Access to fetch at 'http://localhost:3000/api/users' from origin 'http://localhost:5173' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    await settle();
    const result = store.getState().consolePaste?.result;
    expect(result && 'diagnosis' in result ? result.reason : result).toBe(
      'MissingAllowOriginHeader',
    );
  });
});

describe('a preserved log', () => {
  test('keeps old rows and adds the new page’s requests as new rows', async () => {
    const client = memoryClient();
    const store = await startedStore(client);
    store.actions.setPreserveLog(true);
    const one = scenarioEntries(SCENARIOS.slice(0, 1));
    for (const entry of one) client.finish(entry);
    await settle();
    client.navigate('http://localhost:5173/next');
    await settle();
    // The same kind of request after the navigation: a new row, not an update of the old one.
    for (const entry of scenarioEntries(SCENARIOS.slice(0, 1), Date.UTC(2026, 7, 22, 11))) {
      client.finish(entry);
    }
    await settle();
    expect(store.getState().records).toHaveLength(2);
  });
});

describe('a long live capture', () => {
  // 4,000 entries: work, not speed, is checked, so a busy machine gets a generous timeout.
  test(
    'folds every request into one row, however long the session',
    { timeout: 120_000 },
    async () => {
      const client = memoryClient();
      const store = await startedStore(client);
      const entries = manyEntries(4000);
      // Past twice the 2,500 entries after which the panel used to restart its assembler.
      expect(entries.length).toBeGreaterThan(5000);
      for (const entry of entries) client.finish(entry);
      await settle();
      const { records } = store.getState();
      expect(records).toHaveLength(4000);
      expect(new Set(records.map((r) => `${r.method} ${r.url}`)).size).toBe(4000);
      // Every request that was preflighted still shows its preflight: nothing fell across a restart.
      const preflighted = entries.filter((e) => methodOf(e) === 'OPTIONS').length;
      const withPreflight = records.filter((r) => r.exchange.legs.some((l) => l.preflight)).length;
      expect(withPreflight).toBe(preflighted);
    },
  );

  // The old assembler restarted after entry 2,500: a pair on either side of it showed apart.
  test.each([
    ['request, then its late preflight', (pair: HarEntry[]) => pair],
    ['preflight, then its request', (pair: HarEntry[]) => [...pair].reverse()],
  ])('shows a %s straddling entry 2,500 as one row', async (_, order) => {
    const client = memoryClient();
    const store = await startedStore(client);
    const at = Date.UTC(2026, 7, 22, 10, 0, 0);
    for (let i = 0; i < 2499; i++) client.finish(sameOriginEntry(`/local/${i}.json`, at + i));
    const pair = chromeEntries(scenario('allowed-preflighted-post').spec, { now: at + 2499 });
    expect(pair.map((e) => methodOf(e))).toEqual(['POST', 'OPTIONS']);
    for (const entry of order(pair)) client.finish(entry);
    await settle();
    const rows = store.getState().records.filter((r) => r.url.startsWith('http://localhost:3000'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.method).toBe('POST');
    expect(rows[0]!.exchange.legs[0]!.preflight?.request.method).toBe('OPTIONS');
  });
});

function methodOf(entry: HarEntry): unknown {
  return (entry.request as { method?: unknown } | undefined)?.method;
}
