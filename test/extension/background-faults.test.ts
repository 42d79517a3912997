// Faults injected into the fake browser (storage that cannot be read, a DNR that refuses rules,
// prompts refused in a popup that closed) and input that tries to get around the limits: nothing
// stored is lost, nothing stale stays installed, nothing is relaxed that the user did not ask for.
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CORRUPT_COPIES_KEPT,
  CORRUPT_KEY_PREFIX,
} from '../../extension/background/overrides-repo.ts';
import { READ_RETRY_MAX_MS } from '../../extension/background/reconciler.ts';
import type { Override } from '../../src/overrides/index.ts';
import { ALL_HTTP_HOSTS } from '../../src/overrides/host-patterns.ts';
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import { storedOverride } from '../fixtures/override.ts';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const SITE2 = 'http://localhost:4000';
const PUBLIC = 'https://bank.example';
const DAY = 24 * 60 * 60_000;

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});

async function stored(): Promise<Override[]> {
  return ((await fakeBrowser.storage.local.get(OVERRIDES_STORAGE_KEY))[OVERRIDES_STORAGE_KEY] ??
    []) as Override[];
}

describe('a failed storage.local read', () => {
  it('never writes: a create during the failure is refused and both stored overrides stay', async () => {
    const a = await w.call('createOverride', { site: SITE, duration: 60 });
    const b = await w.call('createOverride', { site: SITE2, duration: 60 });
    w.failLocalReads = 1;
    const writes = w.localWrites.length;
    await expect(
      w.call('createOverride', { site: 'http://localhost:3001', duration: 60 }),
    ).rejects.toThrow(/could not read its settings/);
    expect(w.localWrites.slice(writes).some((items) => OVERRIDES_STORAGE_KEY in items)).toBe(false);
    expect((await stored()).map((o) => o.id)).toEqual([a.id, b.id]);
    // The same on every path that changes the list.
    for (const call of [
      () => w.call('updateOverride', { id: a.id, patch: { paused: true } }),
      () => w.call('deleteOverride', { id: a.id }),
      () => w.call('importOverrides', { json: '[]' }),
    ]) {
      w.failLocalReads = 1;
      await expect(call()).rejects.toThrow(/could not read its settings/);
    }
    expect((await stored()).map((o) => o.id)).toEqual([a.id, b.id]);
  });

  it('a reconcile after it keeps the rules and the host access, says so, and retries', async () => {
    const granted = ['http://localhost/*'];
    const sw = new World({ granted: [] });
    await sw.start();
    const tab = await sw.openTab(`${SITE}/`);
    await sw.call('expectHostAccess', { origins: granted });
    await sw.grant(granted);
    await sw.call('createOverride', {
      site: SITE,
      apiOrigins: ['http://localhost:3000'],
      duration: 60,
    });
    const rules = sw.dnr.rules.length;
    expect(rules).toBeGreaterThan(0);

    // Storage stays broken for a while: every look from a page is a retry too.
    sw.failLocalReads = 1000;
    await sw.bg.reconcile();
    await sw.settle();
    // Nothing given back, no rule removed, nothing written.
    expect(sw.removals).toEqual([]);
    expect(sw.granted).toEqual(granted);
    expect(sw.dnr.rules).toHaveLength(rules);
    const state = await sw.call('getTabState', { tabId: tab });
    expect(state.settingsUnreadable).toMatch(/could not read its settings.*retrying/);
    expect((await sw.call('getHealth', undefined)).settingsUnreadable).toMatch(/retrying/);
    expect(sw.removals).toEqual([]);
    expect(sw.dnr.rules).toHaveLength(rules);
    // Storage recovers; the retry timer reads again without any page asking, and the state clears.
    sw.failLocalReads = 0;
    await sw.advance(READ_RETRY_MAX_MS);
    expect(sw.bg.reconciler.last?.settingsUnreadable).toBeUndefined();
    const after = await sw.call('getTabState', { tabId: tab });
    expect(after.settingsUnreadable).toBeUndefined();
    expect(after.relaxed).toBe(true);
    expect(sw.dnr.rules).toHaveLength(rules);
  });
});

describe('a refused updateSessionRules', () => {
  it('still removes a deleted override’s rules and installs the others, naming the refused one', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const tab2 = await w.openTab(`${SITE2}/`);
    const tab3 = await w.openTab('http://localhost:3001/');
    const keep = await w.call('createOverride', { site: SITE, duration: 60 });
    const gone = await w.call('createOverride', { site: SITE2, duration: 60 });
    expect(w.dnr.idsForTab(tab2).length).toBeGreaterThan(0);
    // From now on the browser refuses any rule for tab3's site (say, a condition it rejects).
    w.dnr.refuseRule = (rule) => rule.condition.tabIds?.includes(tab3) ?? false;
    const bad = await w.call('createOverride', { site: 'http://localhost:3001', duration: 60 });
    await w.call('deleteOverride', { id: gone.id });
    expect(w.dnr.idsForTab(tab2)).toEqual([]);
    expect(w.dnr.idsForTab(tab).length).toBeGreaterThan(0);
    expect(w.dnr.idsForTab(tab3)).toEqual([]);
    const state = await w.call('getTabState', { tabId: tab3 });
    expect(state.relaxed).toBe(false);
    expect(state.problems?.join(' ')).toMatch(/refused this override's rules/);
    expect((await w.call('getHealth', undefined)).problems[bad.id]?.join(' ')).toMatch(/refused/);
    expect((await w.call('getTabState', { tabId: tab })).problems).toBeUndefined();
    expect(keep.id).toBeDefined();
    // Once the browser accepts it again, the next reconcile installs it.
    w.dnr.refuseRule = undefined;
    await w.bg.reconcile();
    expect(w.dnr.idsForTab(tab3).length).toBeGreaterThan(0);
  });

  it('finds several refused overrides among many by halves', async () => {
    const tabs: number[] = [];
    for (let i = 0; i < 7; i++) tabs.push(await w.openTab(`http://localhost:${4100 + i}/`));
    const refusedTabs = new Set([tabs[1], tabs[4]]);
    w.dnr.refuseRule = (rule) => rule.condition.tabIds?.some((t) => refusedTabs.has(t)) ?? false;
    for (let i = 0; i < 7; i++) {
      await w.call('createOverride', { site: `http://localhost:${4100 + i}`, duration: 60 });
    }
    tabs.forEach((t, i) =>
      expect(w.dnr.idsForTab(t).length > 0, `tab ${i}`).toBe(!refusedTabs.has(t)),
    );
  });
});

describe('pending overrides', () => {
  it('a refused request is not created by another site’s later grant', async () => {
    const fw = new World({ firefox: true, granted: [] });
    await fw.start();
    // Firefox closed the popup: the refusal was never reported.
    await fw.call('createOverrideWhenGranted', { site: PUBLIC, duration: 15 });
    fw.clock.advance(60_000);
    await fw.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    await fw.grant([...ALL_HTTP_HOSTS]);
    expect((await fw.call('listOverrides', undefined)).map((o) => o.site)).toEqual([SITE]);
  });
});

describe('set-aside corrupt copies', () => {
  it('keeps only the newest few', async () => {
    for (let i = 0; i < CORRUPT_COPIES_KEPT + 3; i++) {
      await fakeBrowser.storage.local.set({ [OVERRIDES_STORAGE_KEY]: [{ broken: i }] });
      w.clock.advance(1000);
      await w.killWorker();
    }
    const all = await fakeBrowser.storage.local.get(null);
    const copies = Object.keys(all).filter((k) => k.startsWith(CORRUPT_KEY_PREFIX));
    expect(copies).toHaveLength(CORRUPT_COPIES_KEPT);
    // The newest stay: the last one set aside is among them.
    expect(all[copies.sort().at(-1)!]).toEqual([{ broken: CORRUPT_COPIES_KEPT + 2 }]);
    expect((await w.call('getRecovery', undefined))?.keptUnder).toBe(copies.sort().at(-1));
  });
});

describe('the same limits on every path', () => {
  const farEnd = () => w.clock.now() + 8 * DAY;

  it('create (options, panel) and the popup’s staged create', async () => {
    await expect(w.call('createOverride', { site: SITE, duration: 8 * 24 * 60 })).rejects.toThrow(
      /At most 7 days/,
    );
    await expect(
      w.call('createOverrideWhenGranted', { site: SITE, duration: 8 * 24 * 60 }),
    ).rejects.toThrow(/At most 7 days/);
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('the shortcut’s toggle with a duration', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await expect(w.call('toggleTab', { tabId: tab, duration: 10 ** 9 })).rejects.toThrow(
      /At most 7 days/,
    );
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('a patch cannot move the end past the limit, nor break other limits', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    await expect(
      w.call('updateOverride', { id: o.id, patch: { end: { kind: 'at', at: farEnd() } } }),
    ).rejects.toMatchObject({ issues: [{ path: 'end.at' }] });
    const many = Array.from({ length: 51 }, (_, i) => `http://localhost:${6000 + i}`);
    await expect(
      w.call('updateOverride', { id: o.id, patch: { apiOrigins: many } }),
    ).rejects.toMatchObject({ issues: [{ path: 'apiOrigins' }] });
    expect(await w.call('listOverrides', undefined)).toEqual([o]);
  });

  it('an import cannot bring an end in the year 275760', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    const far = { ...o, id: 'far', site: SITE2, end: { kind: 'at', at: 8.64e15 } };
    const week = { ...o, id: 'week', site: SITE2, end: { kind: 'at', at: farEnd() } };
    for (const entry of [far, week]) {
      await expect(
        w.call('importOverrides', { json: JSON.stringify([entry]) }),
      ).rejects.toMatchObject({ issues: [{ path: '[0].end.at' }] });
    }
    expect(await w.call('listOverrides', undefined)).toEqual([o]);
  });
});

describe('imports of public sites', () => {
  it('arrive paused and are listed; local ones are active at once', async () => {
    const now = w.clock.now();
    const base = storedOverride(now);
    const sites = [
      PUBLIC,
      'https://app.test',
      'http://192.168.1.20:8080',
      'http://[::1]:3000',
      'https://intranet.corp',
    ];
    const json = JSON.stringify({
      overrides: sites.map((site, i) => ({ ...base, id: `i${i}`, site })),
    });
    expect(await w.call('importOverrides', { json })).toEqual({
      imported: 5,
      paused: [PUBLIC, 'https://intranet.corp'],
    });
    const list = await w.call('listOverrides', undefined);
    expect(Object.fromEntries(list.map((o) => [o.site, o.paused]))).toEqual({
      [PUBLIC]: true,
      'https://app.test': false,
      'http://192.168.1.20:8080': false,
      'http://[::1]:3000': false,
      'https://intranet.corp': true,
    });
    const tab = await w.openTab(`${PUBLIC}/`);
    expect(w.dnr.idsForTab(tab)).toEqual([]);
  });
});

describe('the keyboard shortcut', () => {
  it('refuses a public site with no override and says why on the badge', async () => {
    const tab = await w.openTab(`${PUBLIC}/account`);
    await w.bg.onCommand('toggle-site', tab, Promise.resolve(true));
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect(w.action.text(tab)).toBe('!');
    expect(w.action.badges.get(tab)?.title).toMatch(/local development sites only.*popup/);
    // The next reconcile (a page load in the tab) clears it.
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.navigate(tab, `${PUBLIC}/other`);
    expect(w.action.text(tab)).toBe('');
  });

  it('still turns off a public site relaxed from the popup', async () => {
    const tab = await w.openTab(`${PUBLIC}/`);
    await w.call('createOverride', { site: PUBLIC, duration: 60 });
    await w.bg.onCommand('toggle-site', tab, Promise.resolve(true));
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('relaxes local development sites as before', async () => {
    for (const url of ['http://app.localhost:5173/', 'http://10.0.0.5/', 'https://shop.test/']) {
      const tab = await w.openTab(url);
      await w.bg.onCommand('toggle-site', tab, Promise.resolve(true));
      expect((await w.call('getTabState', { tabId: tab })).relaxed).toBe(true);
    }
  });
});
