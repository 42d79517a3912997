// What the background tells pages in Firefox, whose ports lack the debugger API, getMatchedRules and
// response-header conditions (test/extension/fakes/world.ts `firefox`), compared with Chrome.
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it } from 'vitest';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';

async function world(opts: ConstructorParameters<typeof World>[0]): Promise<World> {
  const w = new World(opts);
  await w.start();
  return w;
}

describe('capabilities', () => {
  it('Firefox: no debugger API, and no build flag changes that; no relaxed-request count', async () => {
    const w = await world({ firefox: true });
    const caps = await w.call('getCapabilities', undefined);
    expect(caps.answerPreflights).toBe(false);
    expect(caps.answerPreflightsNote).toMatch(/Firefox has no debugger API/);
    expect(caps.answerPreflightsNote).not.toMatch(/CORS_LENS_DEBUGGER/);
    expect(caps.relaxedCount).toBe(false);
    expect(caps.relaxedCountNote).toMatch(/Firefox has no declarativeNetRequest.getMatchedRules/);
  });

  it('a Chrome build without `debugger` still says how to build it in, and counts', async () => {
    const w = await world({});
    const caps = await w.call('getCapabilities', undefined);
    expect(caps.answerPreflightsNote).toMatch(/CORS_LENS_DEBUGGER=1/);
    expect(caps.relaxedCount).toBe(true);
    expect(caps.relaxedCountNote).toBeUndefined();
  });
});

describe('the relaxed-request count', () => {
  it('Firefox: never asked for, so no failed call and no quota spent', async () => {
    const w = await world({ firefox: true });
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15, tabId: tab });
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.relaxed).toBe(true);
    expect(state.relaxedCountFresh).toBe(false);
    expect(w.dnr.matchedCalls).toBe(0);
    // The call budget Chrome imposes (session-state.ts) is left untouched.
    expect(await fakeBrowser.storage.session.get('cl.matchedCalls')).toEqual({});
    expect(w.warnings).toEqual([]);
  });

  it('Chrome: asked for', async () => {
    const w = await world({});
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15, tabId: tab });
    expect((await w.call('getTabState', { tabId: tab })).relaxedCountFresh).toBe(true);
    expect(w.dnr.matchedCalls).toBe(1);
  });
});

describe('limitations (the rule compiler’s warnings), per override', () => {
  it('Firefox: the tab state and the list name them, whether or not a tab shows the site', async () => {
    const w = await world({ firefox: true });
    const tab = await w.openTab(`${SITE}/`);
    const shown = await w.call('createOverride', { site: SITE, duration: 15 });
    const hidden = await w.call('createOverride', { site: 'http://localhost:4000', duration: 15 });
    const paused = await w.call('createOverride', { site: 'http://localhost:4001', duration: 15 });
    await w.call('updateOverride', { id: paused.id, patch: { paused: true } });

    const state = await w.call('getTabState', { tabId: tab });
    expect(state.limitations).toHaveLength(1);
    expect(state.limitations![0]).toMatch(/cannot condition rules on response headers/);
    expect(state.limitations![0]).toMatch(/"\*" or "null"/);

    const all = await w.call('getLimitations', undefined);
    expect(Object.keys(all).sort()).toEqual([shown.id, hidden.id, paused.id].sort());
    expect(all[hidden.id]).toEqual(state.limitations);
  });

  it('Chrome: none', async () => {
    const w = await world({});
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15 });
    expect((await w.call('getTabState', { tabId: tab })).limitations).toBeUndefined();
    expect(await w.call('getLimitations', undefined)).toEqual({});
  });
});

describe('which package answers preflights', () => {
  it('the lean Chrome package names the other one; that one and Firefox name none', async () => {
    const lean = await (await world({})).call('getCapabilities', undefined);
    expect(lean.preflightPackage).toBe('CORS Lens (with preflight answers)');
    expect(lean.answerPreflightsNote).toContain('“CORS Lens (with preflight answers)”');
    const full = await (await world({ withDebugger: true })).call('getCapabilities', undefined);
    expect(full.preflightPackage).toBeUndefined();
    const firefox = await (await world({ firefox: true })).call('getCapabilities', undefined);
    expect(firefox.preflightPackage).toBeUndefined();
  });
});
