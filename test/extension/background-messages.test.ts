// The message protocol as pages use it: sender checks, reply shapes, validation, import/export,
// corrupt storage, the popup's tab state, the keyboard shortcut.
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import { EXTENSION_ID, EXTENSION_URL, World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const OWN_PAGE = { id: EXTENSION_ID, url: `${EXTENSION_URL}extension/popup/index.html` };

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});

function send(message: unknown, sender = OWN_PAGE) {
  return w.bg.onMessage(message, sender, EXTENSION_ID, EXTENSION_URL);
}

describe('message router', () => {
  it('answers its own pages with { ok, value }', async () => {
    expect(await send({ type: 'ping', data: undefined })).toEqual({ ok: true, value: 'pong' });
  });

  it('does not answer web pages, content scripts or other extensions', () => {
    expect(send({ type: 'ping' }, { id: EXTENSION_ID, url: 'http://evil.test/' })).toBeUndefined();
    expect(send({ type: 'ping' }, { id: 'other-extension', url: EXTENSION_URL })).toBeUndefined();
    expect(send({ type: 'ping' }, { id: EXTENSION_ID } as never)).toBeUndefined();
  });

  it('leaves messages that are not protocol messages to others', () => {
    expect(send({ type: 'devtools-panel-hello' })).toBeUndefined();
    expect(send('ping')).toBeUndefined();
    expect(send({ type: 'toString' })).toBeUndefined();
  });

  it('turns bad data into { ok: false } with the field, never a throw', async () => {
    expect(await send({ type: 'getTabState', data: { tabId: 'x' } })).toEqual({
      ok: false,
      error: { message: 'Expected { tabId: a tab id }.' },
    });
    const reply = await send({
      type: 'createOverride',
      data: { site: 'localhost:5173', duration: 15 },
    });
    expect(reply?.ok).toBe(false);
    if (reply && !reply.ok) {
      expect(reply.error.issues?.[0]?.path).toBe('site');
      expect(reply.error.message).toMatch(/http:\/\/localhost:5173/);
    }
    expect((await send({ type: 'updateOverride', data: null }))?.ok).toBe(false);
  });
});

describe('creating, editing, toggling', () => {
  it('relaxing a site again replaces its override but keeps what it learned', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15 });
    // A failure opens the learning window on its path; the retry's preflight teaches.
    w.webRequest.error(tab, 'http://api.test/x', 'PUT');
    await w.settle();
    w.webRequest.preflight(tab, 'http://api.test/x', SITE, 'PUT', 'x-kept');
    await w.settle();
    const again = await w.call('createOverride', { site: SITE, duration: 480 });
    const list = await w.call('listOverrides', undefined);
    expect(list).toHaveLength(1);
    expect(list[0]!.id).toBe(again.id);
    expect(list[0]!.learned.requestHeaders).toEqual(['x-kept']);
  });

  it('an edit that fails validation changes nothing and names the field', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 15 });
    await expect(
      w.call('updateOverride', { id: o.id, patch: { apiOrigins: ['http://*:3000'] } }),
    ).rejects.toMatchObject({ issues: [{ path: 'apiOrigins[0]' }] });
    expect((await w.call('listOverrides', undefined))[0]).toEqual(o);
  });

  it('refuses to give a site a second override', async () => {
    await w.call('createOverride', { site: SITE, duration: 15 });
    const b = await w.call('createOverride', { site: 'http://localhost:4000', duration: 15 });
    await expect(
      w.call('updateOverride', { id: b.id, patch: { site: SITE } }),
    ).rejects.toMatchObject({ issues: [{ path: 'site' }] });
  });

  it('toggleTab relaxes the tab site, then stops', async () => {
    const tab = await w.openTab(`${SITE}/page?q=1`);
    const on = await w.call('toggleTab', { tabId: tab, duration: 'tab-close' });
    expect(on.relaxed).toBe(true);
    expect(on.override?.end).toEqual({ kind: 'tab-close', tabId: tab });
    const off = await w.call('toggleTab', { tabId: tab });
    expect(off.override).toBeUndefined();
    expect(w.dnr.rules).toEqual([]);
  });

  it('toggleTab refuses pages that are not http(s)', async () => {
    const tab = await w.openTab('chrome://settings/');
    await expect(w.call('toggleTab', { tabId: tab })).rejects.toThrow(/http/);
  });

  it('a prerender swap moves a tab-bound override to the new tab id', async () => {
    const old = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 'tab-close', tabId: old });
    w.tabs.delete(old);
    w.tabs.set(777, `${SITE}/`);
    w.bg.onTabReplaced(777, old);
    await w.settle();
    const [o] = await w.call('listOverrides', undefined);
    expect(o!.end).toEqual({ kind: 'tab-close', tabId: 777 });
    expect(w.dnr.idsForTab(777).length).toBeGreaterThan(0);
  });
});

describe('tab state for the popup', () => {
  it('says why a tab is not a candidate', async () => {
    const settings = await w.openTab('chrome://extensions/');
    expect((await w.call('getTabState', { tabId: settings })).notCandidate).toMatch(
      /http and https/,
    );
    w.hiddenHosts.add('secret.test');
    const hidden = await w.openTab('https://secret.test/');
    expect((await w.call('getTabState', { tabId: hidden })).notCandidate).toMatch(/cannot see/);
    await expect(w.call('getTabState', { tabId: 999 })).rejects.toThrow(/no tab 999/);
  });

  it('reports time left, missing host access and the relaxed-request count', async () => {
    w.granted = ['http://localhost/*'];
    const tab = await w.openTab(`${SITE}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 15 });
    const ids = w.dnr.idsForTab(tab);
    // Three rules matched by one request (0.02 ms apart), one by another.
    const t = o.createdAt + 1000;
    w.dnr.matched = [
      { ruleId: ids[0]!, tabId: tab, timeStamp: t },
      { ruleId: ids[1]!, tabId: tab, timeStamp: t + 0.02 },
      { ruleId: ids[2]!, tabId: tab, timeStamp: t + 0.04 },
      { ruleId: ids[0]!, tabId: tab, timeStamp: t + 40 },
      { ruleId: 5, tabId: tab, timeStamp: t + 80 }, // another extension's rule
    ];
    w.clock.advance(5_000);
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.remainingMs).toBe(15 * 60_000 - 5_000);
    expect(state.missingHostPermissions).toEqual(['https://*/*', 'http://*/*'].sort());
    expect(state.relaxedCount).toBe(2);
    expect(state.relaxedCountFresh).toBe(true);
  });

  it('falls back to the last count when Chrome refuses getMatchedRules', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 15 });
    w.dnr.matched = [{ ruleId: w.dnr.idsForTab(tab)[0]!, tabId: tab, timeStamp: o.createdAt + 1 }];
    w.clock.advance(3_000);
    expect((await w.call('getTabState', { tabId: tab })).relaxedCount).toBe(1);
    w.dnr.matchedDenied = true;
    w.clock.advance(3_000);
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.relaxedCount).toBe(1);
    expect(state.relaxedCountFresh).toBe(false);
  });

  it('stays within Chrome’s getMatchedRules quota', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    for (let i = 0; i < 40; i++) {
      w.clock.advance(3_000);
      await w.call('getTabState', { tabId: tab });
    }
    expect(w.dnr.matchedCalls).toBeLessThanOrEqual(20);
  });
});

describe('import and export', () => {
  it('round-trips, leaving tab-bound overrides out', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', {
      site: SITE,
      duration: 60,
      apiOrigins: ['http://127.0.0.1:3000'],
    });
    await w.call('createOverride', {
      site: 'http://localhost:4000',
      duration: 'tab-close',
      tabId: tab,
    });
    const json = await w.call('exportOverrides', undefined);
    expect(JSON.parse(json).overrides).toHaveLength(1);
    const fresh = new World();
    await fresh.start();
    expect(await fresh.call('importOverrides', { json })).toEqual({ imported: 1, paused: [] });
    const [o] = await fresh.call('listOverrides', undefined);
    expect(o!.apiOrigins).toEqual(['http://127.0.0.1:3000']);
  });

  it('a bad import changes nothing and names each entry and field', async () => {
    await w.call('createOverride', { site: SITE, duration: 60 });
    const before = await w.call('listOverrides', undefined);
    const good = { ...before[0]!, site: 'http://localhost:4000', id: 'good' };
    const bad = { ...before[0]!, id: 'bad', site: 'http://localhost:4001', apiOrigins: ['*'] };
    const json = JSON.stringify({ overrides: [good, bad] });
    const error = await w.call('importOverrides', { json }).catch((e: unknown) => e);
    expect(error).toMatchObject({ issues: [{ path: '[1].apiOrigins[0]' }] });
    expect(await w.call('listOverrides', undefined)).toEqual(before);
    await expect(w.call('importOverrides', { json: '{"overrides": [' })).rejects.toThrow(/JSON/);
  });
});

describe('corrupt storage', () => {
  it('keeps the valid entries, sets the blob aside, reports it, never throws', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    const blob = [o, { id: 'broken', site: 'localhost:1', apiOrigins: 7 }, 'garbage'];
    await fakeBrowser.storage.local.set({ [OVERRIDES_STORAGE_KEY]: blob });
    await w.killWorker();
    expect(await w.call('listOverrides', undefined)).toEqual([o]);
    const recovery = await w.call('getRecovery', undefined);
    expect(recovery?.kept).toBe(1);
    expect(recovery?.errors.some((e) => e.path.startsWith('[1].site'))).toBe(true);
    const aside = await fakeBrowser.storage.local.get(recovery!.keptUnder);
    expect(aside[recovery!.keptUnder]).toEqual(blob);
    await w.call('dismissRecovery', undefined);
    expect(await w.call('getRecovery', undefined)).toBeNull();
  });

  it('survives a blob that is not even a list', async () => {
    await fakeBrowser.storage.local.set({ [OVERRIDES_STORAGE_KEY]: { nope: true } });
    await w.killWorker();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect((await w.call('getRecovery', undefined))?.errors[0]?.path).toBe('(root)');
  });
});

describe('keyboard shortcut', () => {
  it('toggles the current tab site when host access is granted', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.bg.onCommand('toggle-site', tab, Promise.resolve(true));
    expect((await w.call('listOverrides', undefined))[0]?.site).toBe(SITE);
    await w.bg.onCommand('toggle-site', tab, Promise.resolve(true));
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('does not relax when the user refuses host access', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.bg.onCommand('toggle-site', tab, Promise.resolve(false));
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });
});
