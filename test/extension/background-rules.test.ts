// The background's core promise: the browser's session rules always equal the compiled rules for the
// stored overrides and the open tabs — after every change, expiry, worker kill or browser restart.
import { beforeEach, describe, expect, it } from 'vitest';
import { compileRules, RULE_ID_MIN } from '../../src/overrides/index.ts';
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import { fakeBrowser } from '@webext-core/fake-browser';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const OTHER = 'http://localhost:3000';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});

/** What the rules should be, computed independently from storage and the tabs. */
async function expectedRules() {
  const stored = ((await fakeBrowser.storage.local.get(OVERRIDES_STORAGE_KEY))[
    OVERRIDES_STORAGE_KEY
  ] ?? []) as never[];
  const tabs = [...w.tabs]
    .filter(([, url]) => url.startsWith('http'))
    .map(([tabId, url]) => ({ tabId, origin: new URL(url).origin }));
  const openTabIds = [...w.tabs.keys()];
  return compileRules(stored, tabs, w.clock.now(), { openTabIds, workerRequests: true }).rules;
}

describe('rules follow overrides and tabs', () => {
  it('relaxes only the tabs showing the site, and stops when the override is deleted', async () => {
    const dev = await w.openTab(`${SITE}/app`);
    const other = await w.openTab(`${OTHER}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 15, tabId: dev });
    expect(w.dnr.idsForTab(dev).length).toBeGreaterThan(0);
    expect(w.dnr.idsForTab(other)).toEqual([]);
    expect(w.dnr.rules).toEqual(await expectedRules());
    expect(w.action.text(dev)).toBe('15m');
    expect(w.action.text(other)).toBe('');

    await w.call('deleteOverride', { id: o.id });
    expect(w.dnr.rules).toEqual([]);
    expect(w.action.text(dev)).toBe('');
  });

  it('follows the site into a new tab and out of a tab that navigates away', async () => {
    const a = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const b = await w.openTab(`${SITE}/other-page`);
    expect(w.dnr.idsForTab(b).length).toBeGreaterThan(0);
    await w.navigate(a, `${OTHER}/`);
    expect(w.dnr.idsForTab(a)).toEqual([]);
    expect(w.dnr.idsForTab(b).length).toBeGreaterThan(0);
    // By id: the service-worker rules did not change, so they stayed ahead of the re-added ones.
    expect([...w.dnr.rules].sort((x, y) => x.id - y.id)).toEqual(await expectedRules());
  });

  it('a tab whose address it may not see is not relaxed', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    w.hiddenHosts.add('localhost');
    await w.navigate(tab, `${SITE}/still-there`);
    expect(w.dnr.idsForTab(tab)).toEqual([]);
  });

  it('one-tab scope relaxes that tab only, not another tab of the same site', async () => {
    const one = await w.openTab(`${SITE}/`);
    const two = await w.openTab(`${SITE}/`);
    await w.call('createOverride', {
      site: SITE,
      duration: 60,
      scope: { kind: 'tab', tabId: one },
    });
    expect(w.dnr.idsForTab(one).length).toBeGreaterThan(0);
    expect(w.dnr.idsForTab(two)).toEqual([]);
  });

  it('an update is one updateSessionRules call, and none when nothing changed', async () => {
    await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const calls = w.dnr.updates.length;
    await w.bg.reconcile();
    await w.bg.reconcile();
    expect(w.dnr.updates.length).toBe(calls);
  });

  it('pausing removes the rules and resuming brings them back', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    const ids = w.dnr.idsForTab(tab);
    await w.call('updateOverride', { id: o.id, patch: { paused: true } });
    expect(w.dnr.rules).toEqual([]);
    await w.call('updateOverride', { id: o.id, patch: { paused: false } });
    expect(w.dnr.idsForTab(tab)).toEqual(ids);
  });

  it('leaves session rules outside its id range alone and removes its own leftovers', async () => {
    const foreign = {
      id: 7,
      priority: 1,
      action: { type: 'allow' as const },
      condition: { urlFilter: '|https://example.com/' },
    };
    const leftover = { ...foreign, id: RULE_ID_MIN + 3 };
    w.dnr.rules = [foreign, leftover];
    await w.bg.reconcile();
    expect(w.dnr.rules).toEqual([foreign]);
  });
});

describe('expiry', () => {
  it('ends a timed override on time: rules, badge and stored override gone', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 1, tabId: tab });
    expect(w.alarms.alarms.get('cors-lens:expiry')?.when).toBe(w.clock.now() + 60_000);
    await w.advance(59_000);
    expect(w.dnr.idsForTab(tab).length).toBeGreaterThan(0);
    expect(w.action.text(tab)).toBe('1m');
    await w.advance(1_100);
    expect(w.dnr.rules).toEqual([]);
    expect(w.action.text(tab)).toBe('');
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect(w.alarms.alarms.has('cors-lens:expiry')).toBe(false);
    expect(w.bg.keepAlive.active).toBe(false);
  });

  it('the alarm still ends it when the worker was killed (its timer died with it)', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 1, tabId: tab });
    w.clock.dropTimers();
    await w.advance(61_000); // only the alarm fires
    expect(w.dnr.rules).toEqual([]);
  });

  it('"until the tab closes" ends with the tab, and when the tab leaves the site', async () => {
    const a = await w.openTab(`${SITE}/`);
    const b = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 'tab-close', tabId: a });
    expect(w.action.text(a)).toBe('ON');
    await w.closeTab(a);
    expect(w.dnr.rules).toEqual([]);
    expect(await w.call('listOverrides', undefined)).toEqual([]);

    await w.call('createOverride', { site: SITE, duration: 'tab-close', tabId: b });
    await w.navigate(b, `${OTHER}/`);
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('counts the badge down by the minute', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 480, tabId: tab });
    expect(w.action.text(tab)).toBe('8h');
    expect(w.alarms.alarms.get('cors-lens:tick')?.periodInMinutes).toBe(1);
    w.clock.advance(7.5 * 3600_000);
    w.bg.onAlarm('cors-lens:tick');
    await w.settle();
    expect(w.action.text(tab)).toBe('30m');
  });
});

describe('worker killed, browser restarted', () => {
  it('a killed worker comes back with nothing lost and nothing duplicated', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const rules = structuredClone(w.dnr.rules);
    const updates = w.dnr.updates.length;
    await w.killWorker();
    expect(w.dnr.rules).toEqual(rules);
    expect(w.dnr.updates.length).toBe(updates); // nothing to change: no call at all
    expect(w.webRequest.tabs()).toEqual([tab]); // learning listeners re-registered
    expect(w.bg.keepAlive.active).toBe(true);
    expect((await w.call('getTabState', { tabId: tab })).relaxed).toBe(true);
  });

  it('converges after a worker died between computing and applying rules', async () => {
    const tab = await w.openTab(`${SITE}/`);
    // The update never landed, nor did the add-only retry (reconciler.ts installRules).
    w.dnr.failNextUpdates = 2;
    await w.call('createOverride', { site: SITE, duration: 60 });
    expect(w.dnr.rules).toEqual([]);
    expect((await w.call('getTabState', { tabId: tab })).problems?.[0]).toMatch(/refused/);
    await w.killWorker();
    expect(w.dnr.rules).toEqual(await expectedRules());
    expect(w.dnr.idsForTab(tab).length).toBeGreaterThan(0);
  });

  it('after a browser restart, timed overrides come back and tab-bound ones are gone', async () => {
    const t1 = await w.openTab(`${SITE}/`);
    await w.openTab(`${OTHER}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.call('createOverride', { site: OTHER, duration: 'tab-close', tabId: t1 + 1 });
    expect((await w.call('listOverrides', undefined)).length).toBe(2);
    await w.restartBrowser();
    const list = await w.call('listOverrides', undefined);
    expect(list.map((o) => o.site)).toEqual([SITE]);
    expect(w.dnr.rules).toEqual([]); // no tab shows the site yet
    const again = await w.openTab(`${SITE}/`);
    expect(w.dnr.idsForTab(again).length).toBeGreaterThan(0);
  });

  it('after a browser restart, an override that ended meanwhile is removed', async () => {
    await w.call('createOverride', { site: SITE, duration: 15 });
    w.clock.advance(3600_000);
    await w.restartBrowser();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });
});
