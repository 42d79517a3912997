// Learning from preflights, and the cost model: listeners only on relaxed tabs, none when idle.
import { beforeEach, describe, expect, it } from 'vitest';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const API = 'http://127.0.0.1:3000';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});

function allowHeaders(): string {
  const rule = w.dnr.rules.find(
    (r) =>
      r.action.type === 'modifyHeaders' &&
      r.action.responseHeaders?.some((h) => h.header === 'Access-Control-Allow-Headers'),
  );
  if (rule?.action.type !== 'modifyHeaders') return '';
  return rule.action.responseHeaders!.find((h) => h.header === 'Access-Control-Allow-Headers')!
    .value!;
}

describe('learning', () => {
  it('a preflight asking for a new header adds it to the override and to the rules', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    expect(allowHeaders()).not.toContain('x-trace-id');
    w.webRequest.preflight(tab, `${API}/items`, SITE, 'PUT', 'content-type, x-trace-id');
    await w.settle();
    const [o] = await w.call('listOverrides', undefined);
    expect(o!.learned.requestHeaders).toEqual(['x-trace-id']);
    expect(allowHeaders()).toContain('x-trace-id');
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.addedHeaders?.some((h) => h.value.includes('x-trace-id'))).toBe(true);
  });

  it('learns a method it does not allow yet, keeping its case', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    w.webRequest.preflight(tab, `${API}/items`, SITE, 'PROPFIND', '');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual(['PROPFIND']);
  });

  it('ignores requests that are not preflights, and preflights asking for nothing new', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const writes = w.dnr.updates.length;
    w.webRequest.request(tab, `${API}/items`, 'OPTIONS', { 'x-custom': '1' }); // no ACRM
    w.webRequest.request(tab, `${API}/items`, 'PUT', { 'x-custom': '1' });
    w.webRequest.preflight(tab, `${API}/items`, SITE, 'PUT', 'content-type, authorization');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned).toEqual({
      methods: [],
      requestHeaders: [],
    });
    expect(w.dnr.updates.length).toBe(writes);
  });

  it('two preflights at once both get learned (no lost update)', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    w.webRequest.preflight(tab, `${API}/a`, SITE, 'PUT', 'x-one');
    w.webRequest.preflight(tab, `${API}/b`, SITE, 'PUT', 'x-two');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders.sort()).toEqual([
      'x-one',
      'x-two',
    ]);
  });

  it('listens only to the API origins of an explicit list', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60, apiOrigins: [API] });
    expect(w.webRequest.registrations[0]!.filter).toEqual({
      tabId: tab,
      urls: ['http://127.0.0.1/*'],
    });
    w.webRequest.preflight(tab, 'http://other.test/x', SITE, 'PUT', 'x-elsewhere');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([]);
  });

  it('learns redirect targets by path (they get ACAO null there)', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    w.webRequest.redirect(tab, `${API}/start`, 'http://cdn.test:8080/file?sig=1', SITE);
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.redirectTargets).toEqual([
      'http://cdn.test:8080/file',
    ]);
  });

  it('learns only from the site’s own requests, not from another frame in the tab', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.settle();
    const frame = 'http://evil.localhost:5173';
    w.webRequest.redirect(tab, `${API}/start`, 'http://cdn.test:8080/file', frame);
    w.webRequest.preflight(tab, `${API}/x`, frame, 'PROPFIND', 'x-from-frame');
    w.webRequest.preflight(tab, `${API}/x`, 'http://localhost:8080', 'LOCK', 'x-other-port');
    await w.settle();
    const learned = (await w.call('listOverrides', undefined))[0]!.learned;
    expect(learned.redirectTargets ?? []).toEqual([]);
    expect(learned.methods).toEqual([]);
    expect(learned.requestHeaders).toEqual([]);
  });
});

describe('cost: idle pays nothing', () => {
  it('no override: no webRequest listener, no keepalive, no timers, tab events do no work', async () => {
    await w.openTab(`${SITE}/`);
    await w.openTab(`${API}/`);
    expect(w.webRequest.added).toBe(0);
    expect(w.bg.keepAlive.active).toBe(false);
    expect(w.clock.pending).toBe(0);
    expect(w.dnr.updates.length).toBe(0);
  });

  it('listeners only on relaxed tabs, removed when the override ends', async () => {
    const dev = await w.openTab(`${SITE}/`);
    const other = await w.openTab(`${API}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    expect(w.webRequest.tabs()).toEqual([dev]);
    expect(w.webRequest.tabs()).not.toContain(other);
    expect(w.bg.keepAlive.active).toBe(true);
    await w.call('deleteOverride', { id: o.id });
    expect(w.webRequest.tabs()).toEqual([]);
    expect(w.bg.keepAlive.active).toBe(false);
    expect(w.clock.pending).toBe(0);
  });

  it('keeps the worker alive while relaxed: a ping every 20 s', async () => {
    await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const before = w.pings;
    w.clock.advance(61_000);
    expect(w.pings - before).toBe(3);
  });
});

describe('learning windows: the per-request listener only for a while', () => {
  const WINDOW = 5 * 60_000;

  it('is open after relaxing, closes after the window, and only failures are watched then', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    expect(w.webRequest.perRequestTabs()).toEqual([tab]);
    await w.advance(WINDOW + 10);
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect(w.webRequest.tabs()).toEqual([tab]); // errors and redirects still watched
    // Between windows a preflight is not seen (that is the point: no per-request cost).
    w.webRequest.preflight(tab, `${API}/x`, SITE, 'PUT', 'x-unseen');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([]);
  });

  it('a page load reopens it', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.advance(WINDOW + 10);
    await w.navigate(tab, `${SITE}/reloaded`);
    expect(w.webRequest.perRequestTabs()).toEqual([tab]);
  });

  it('a failed request teaches its method at once and reopens the window for its headers', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.advance(WINDOW + 10);
    w.webRequest.error(tab, `${API}/x`, 'PROPPATCH');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual(['PROPPATCH']);
    expect(w.webRequest.perRequestTabs()).toEqual([tab]);
    w.webRequest.preflight(tab, `${API}/x`, SITE, 'PROPPATCH', 'x-now-seen');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([
      'x-now-seen',
    ]);
  });

  it('a cancelled request (navigation) is not a failure', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.advance(WINDOW + 10);
    w.webRequest.error(tab, `${API}/x`, 'PURGE', 'net::ERR_ABORTED');
    await w.settle();
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual([]);
  });

  it('an open window survives a worker kill; a closed one stays closed', async () => {
    const a = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.advance(WINDOW - 60_000);
    await w.killWorker();
    expect(w.webRequest.perRequestTabs()).toEqual([a]);
    await w.advance(60_010);
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    await w.killWorker();
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect(w.webRequest.tabs()).toEqual([a]);
  });
});
