import { describe, expect, test } from 'vitest';
import { analyse } from '../../../extension/devtools/model/analysis.ts';
import { relaxCaveat, relaxTarget } from '../../../extension/devtools/model/relax.ts';
import { createOverride } from '../../../src/overrides/index.ts';
import { chromeEntries } from '../../fixtures/har/builders.ts';
import { scenario } from '../../fixtures/har/scenarios.ts';
import {
  PAGE_ORIGIN,
  START,
  memoryClient,
  scenarioEntries,
  settle,
  startedStore,
} from './support.ts';

/** The same exchange once an override made it pass: Chromium no longer marks it, and DevTools
 * still shows the server's original headers (crbug 258064). */
function passedWithOriginalHeaders(name: string, startMs: number) {
  const { spec } = scenario(name);
  const hops = spec.hops.map((hop) => {
    const { error: _error, ...rest } = hop;
    return rest;
  });
  return chromeEntries({ ...spec, hops }, { now: startMs });
}

describe('Relax CORS for <site>', () => {
  test('creates an override for the inspected tab with what the request needs', async () => {
    const client = memoryClient({
      tabId: 42,
      har: scenarioEntries([scenario('header-not-allowed')]),
    });
    const store = await startedStore(client);
    const record = store.getState().records[0]!;
    await store.actions.relax(record);
    const create = client.sent.find((m) => m.type === 'createOverride');
    expect(create?.data).toMatchObject({
      site: PAGE_ORIGIN,
      tabId: 42,
      apiOrigins: ['http://localhost:3000'],
      credentials: false,
    });
    const draft = create!.data as { requestHeaders: string[]; methods: string[] };
    expect(draft.requestHeaders).toEqual(['x-token']);
    const relax = store.getState().relax;
    expect(relax.kind).toBe('done');
    expect(relax.kind === 'done' && relax.message.join(' ')).toMatch(/next request will pass/);
    // A preflighted request: the panel warns about Chromium's preflight cache.
    expect(relax.kind === 'done' && relax.message.join(' ')).toMatch(/Disable cache/);
  });

  test('adds to the site’s existing override instead of making a second one', async () => {
    const client = memoryClient({
      har: scenarioEntries([scenario('missing-allow-origin'), scenario('method-not-allowed')]),
    });
    const store = await startedStore(client);
    const [first, second] = store.getState().records;
    await store.actions.relax(first!);
    await settle();
    await store.actions.relax(second!);
    // The background merges the second by the one "relax again" rule (relax-again.ts).
    expect(client.overrides).toHaveLength(1);
    expect(client.overrides[0]!.apiOrigins).toEqual(['http://localhost:3000']);
    expect(client.overrides[0]!.methods).toContain('PATCH');
  });

  test('says when the background refuses', async () => {
    const client = memoryClient({ har: scenarioEntries([scenario('missing-allow-origin')]) });
    client.send = async () => {
      throw new Error('CORS Lens needs access to http://localhost:3000');
    };
    const store = await startedStore(client);
    await store.actions.relax(store.getState().records[0]!);
    expect(store.getState().relax).toMatchObject({
      kind: 'error',
      message: 'CORS Lens needs access to http://localhost:3000',
    });
  });

  test('asks for host access first, and stops if the user refuses', async () => {
    const client = memoryClient({ har: scenarioEntries([scenario('missing-allow-origin')]) });
    client.grantAccess = false;
    const store = await startedStore(client);
    await store.actions.relax(store.getState().records[0]!);
    // Both the page and the API: Chromium applies a rule only with access to both.
    expect(client.accessRequests).toEqual([['http://localhost/*']]);
    expect(client.sent.some((m) => m.type === 'createOverride')).toBe(false);
    expect(store.getState().relax).toMatchObject({ kind: 'error' });
  });

  test('warns that a failing preflight status cannot be cured by headers', async () => {
    const store = await startedStore(
      memoryClient({ har: scenarioEntries([scenario('preflight-500-with-cors')]) }),
    );
    expect(relaxCaveat(analyse(store.getState().records[0]!))).toMatch(/status code/);
  });
});

describe('requests that pass only because of an override', () => {
  test('are told apart from requests the server allows', async () => {
    const client = memoryClient({ har: scenarioEntries([scenario('missing-allow-origin')]) });
    const store = await startedStore(client);
    await store.actions.relax(store.getState().records[0]!);
    await settle();
    // The next request passes in the browser, with the server's headers unchanged.
    for (const entry of passedWithOriginalHeaders('missing-allow-origin', START + 60_000)) {
      client.finish(entry);
    }
    for (const entry of scenarioEntries([scenario('allowed-get')], START + 61_000)) {
      client.finish(entry);
    }
    await settle();
    const [before, after, allowed] = store.getState().records.map(analyse);
    expect(before!.status).toBe('blocked');
    expect(after!.status).toBe('relaxed');
    // What the server alone gets, and what the browser saw after the override.
    expect(after!.diagnosis.reason).toBe('MissingAllowOriginHeader');
    expect(after!.relaxed?.diagnosis.verdict).toBe('allowed');
    expect(allowed!.status).toBe('allowed');
    expect(store.getState().counts).toMatchObject({ blocked: 1, relaxed: 1 });
  });

  test('without an override, the same unmarked exchange is not called relaxed', async () => {
    const client = memoryClient({
      har: passedWithOriginalHeaders('missing-allow-origin', START),
    });
    const store = await startedStore(client);
    expect(analyse(store.getState().records[0]!).status).not.toBe('relaxed');
  });
});

describe('the relax button’s words, scope and result agree', () => {
  test('the override is for this tab only, and the message says so', async () => {
    const client = memoryClient({
      tabId: 42,
      har: scenarioEntries([scenario('missing-allow-origin')]),
    });
    const store = await startedStore(client);
    await store.actions.relax(store.getState().records[0]!);
    expect(client.overrides[0]!.scope).toEqual({ kind: 'tab', tabId: 42 });
    const relax = store.getState().relax;
    expect(relax.kind === 'done' && relax.message[0]).toMatch(
      /in this tab only.*next request will pass/,
    );
  });

  test('a request made by a frame of another origin: says what would not happen, relaxes nothing', async () => {
    const client = memoryClient({
      pageUrl: 'http://localhost:8080/shell',
      har: scenarioEntries([scenario('missing-allow-origin')]),
    });
    const store = await startedStore(client);
    const record = store.getState().records[0]!;
    expect(record.exchange.initiatorOrigin).toBe(PAGE_ORIGIN);
    const target = relaxTarget(record.exchange, 'http://localhost:8080/shell');
    expect('unavailable' in target && target.unavailable).toMatch(
      /made by a frame from http:\/\/localhost:5173 inside http:\/\/localhost:8080.*would not make this request pass/,
    );
    await store.actions.relax(record);
    expect(
      client.sent.some((m) => m.type === 'createOverride' || m.type === 'updateOverride'),
    ).toBe(false);
    expect(store.getState().relax).toMatchObject({ kind: 'error' });
  });

  test('an override bound to another tab is widened to the site, and the words say so', async () => {
    const client = memoryClient({
      tabId: 42,
      har: scenarioEntries([scenario('missing-allow-origin')]),
    });
    const store = await startedStore(client);
    const made = createOverride(
      { site: PAGE_ORIGIN, duration: 60, scope: { kind: 'tab', tabId: 9 } },
      START,
      'other-tab',
    ).value!;
    client.setOverrides([made]);
    await settle();
    await store.actions.relax(store.getState().records[0]!);
    expect(client.sent.some((m) => m.type === 'updateOverride')).toBe(false);
    expect(client.overrides).toMatchObject([{ id: 'other-tab', scope: { kind: 'site' } }]);
    const relax = store.getState().relax;
    expect(relax.kind === 'done' && relax.message[0]).toMatch(/in every tab showing/);
  });

  test('when the background does not apply it in this tab, it does not promise a pass', async () => {
    const client = memoryClient({ har: scenarioEntries([scenario('missing-allow-origin')]) });
    const send = client.send.bind(client);
    client.send = (async (type: string, data: unknown) => {
      const value = await send(type as never, data as never);
      return type === 'getTabState' ? { ...(value as object), relaxed: false } : value;
    }) as typeof client.send;
    const store = await startedStore(client);
    await store.actions.relax(store.getState().records[0]!);
    const relax = store.getState().relax;
    expect(relax.kind === 'done' && relax.message[0]).toMatch(/will still fail/);
    expect(relax.kind === 'done' && relax.message.join(' ')).not.toMatch(/will pass/);
  });
});
