// Learning from preflights, and the cost model: listeners only on relaxed tabs, none when idle.
import { beforeEach, describe, expect, it } from 'vitest';
import { failedPathPattern } from '../../extension/background/learning.ts';
import { EXTENSION_ID, EXTENSION_URL, World } from './fakes/world.ts';

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

/** A failed request at `url`: it opens the learning window on its path (learning.ts). */
async function fail(tab: number, url: string, method = 'GET'): Promise<void> {
  w.webRequest.error(tab, url, method);
  await w.settle();
}

describe('learning', () => {
  it('a preflight asking for a new header adds it to the override and to the rules', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    expect(allowHeaders()).not.toContain('x-trace-id');
    await fail(tab, `${API}/items`, 'PUT');
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
    await fail(tab, `${API}/items`);
    w.webRequest.preflight(tab, `${API}/items`, SITE, 'PROPFIND', '');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual(['PROPFIND']);
  });

  it('ignores requests that are not preflights, and preflights asking for nothing new', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(tab, `${API}/items`);
    const writes = w.dnr.updates.length;
    w.webRequest.request(tab, `${API}/items`, 'OPTIONS', { 'x-custom': '1' }); // no ACRM
    w.webRequest.request(tab, `${API}/items`, 'PUT', { 'x-custom': '1' });
    w.webRequest.preflight(tab, `${API}/items`, SITE, 'PUT', 'content-type, authorization');
    await w.settle();
    // Only what the failure taught: its API origin (the method, PUT, is a default).
    expect((await w.call('listOverrides', undefined))[0]!.learned).toEqual({
      methods: [],
      requestHeaders: [],
      failedOrigins: [new URL(API).origin],
    });
    expect(w.dnr.updates.length).toBe(writes);
  });

  it('two preflights at once both get learned (no lost update)', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(tab, `${API}/a`);
    await fail(tab, `${API}/b`);
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
    await fail(tab, `${API}/x`);
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

describe('learning windows: the per-request listener only on the paths of failed requests', () => {
  const WINDOW = 5 * 60_000;
  const perRequestUrls = () =>
    w.webRequest.registrations.filter((r) => r.handlers.sendHeaders).map((r) => r.filter.urls);

  it('none after relaxing or a page load: a relaxed tab watches failures and redirects only', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect(w.webRequest.tabs()).toEqual([tab]);
    await w.navigate(tab, `${SITE}/reloaded`);
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    // Not seen: no per-request listener, no per-request cost.
    w.webRequest.preflight(tab, `${API}/x`, SITE, 'PUT', 'x-unseen');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([]);
  });

  it('a failed request teaches its method at once and watches its path for the headers', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(tab, `${API}/items/7?page=2`, 'PROPPATCH');
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual(['PROPPATCH']);
    expect(perRequestUrls()).toEqual([['http://127.0.0.1/items/7*']]);
    // Another path of the same API is not watched: it costs nothing.
    w.webRequest.preflight(tab, `${API}/other`, SITE, 'PROPPATCH', 'x-elsewhere');
    w.webRequest.preflight(tab, `${API}/items/7?page=3`, SITE, 'PROPPATCH', 'x-now-seen');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([
      'x-now-seen',
    ]);
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.learningUntil).toBe(w.clock.now() + WINDOW);
  });

  it('closes on time; a new failure reopens it, keeping the paths still open', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(tab, `${API}/a`);
    await w.advance(WINDOW / 2);
    await fail(tab, `${API}/b`);
    expect(perRequestUrls()).toEqual([['http://127.0.0.1/a*', 'http://127.0.0.1/b*']]);
    await w.advance(WINDOW + 10);
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    await fail(tab, `${API}/c`);
    expect(perRequestUrls()).toEqual([['http://127.0.0.1/c*']]);
  });

  it('watches at most the 16 latest failed paths of a tab', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    for (let i = 0; i < 20; i++) await fail(tab, `${API}/p${i}`);
    const [urls] = perRequestUrls();
    expect(urls).toHaveLength(16);
    expect(urls).toContain('http://127.0.0.1/p19*');
    expect(urls).not.toContain('http://127.0.0.1/p3*');
  });

  it('a cancelled request (navigation) is not a failure', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    w.webRequest.error(tab, `${API}/x`, 'PURGE', 'net::ERR_ABORTED');
    await w.settle();
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect((await w.call('listOverrides', undefined))[0]!.learned.methods).toEqual([]);
  });

  it('an open window survives a worker kill; a closed one stays closed', async () => {
    const a = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(a, `${API}/x`);
    await w.advance(WINDOW - 60_000);
    await w.killWorker();
    expect(perRequestUrls()).toEqual([['http://127.0.0.1/x*']]);
    await w.advance(60_010);
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    await w.killWorker();
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect(w.webRequest.tabs()).toEqual([a]);
  });

  it('what was learned survives a worker kill', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    await fail(tab, `${API}/x`, 'PUT');
    w.webRequest.preflight(tab, `${API}/x`, SITE, 'PUT', 'x-kept');
    await w.settle();
    await w.killWorker();
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([
      'x-kept',
    ]);
    expect(allowHeaders()).toContain('x-kept');
  });
});

describe('learning from the tab’s DevTools (a failed preflight it reports)', () => {
  const report = (tabId: number, url: string, origin: string, method: string, headers?: string) =>
    w.call('learnFromFailedPreflight', {
      tabId,
      url,
      requestHeaders: [
        { name: 'Access-Control-Request-Method', value: method },
        ...(headers ? [{ name: 'Access-Control-Request-Headers', value: headers }] : []),
        { name: 'Origin', value: origin },
      ],
    });

  it('teaches at the first failure, before any retry, with no per-request listener', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    const learned = await report(tab, `${API}/items`, SITE, 'PROPFIND', 'content-type,x-trace-id');
    expect(learned).toEqual({ methods: ['PROPFIND'], requestHeaders: ['x-trace-id'] });
    // The reply comes once the rules have it: the first retry passes.
    expect(allowHeaders()).toContain('x-trace-id');
    expect(w.webRequest.perRequestTabs()).toEqual([]);
    expect(await report(tab, `${API}/items`, SITE, 'PROPFIND', 'x-trace-id')).toEqual({
      methods: [],
      requestHeaders: [],
    });
  });

  it('teaches nothing for a tab not relaxed, another frame, or a URL outside the API origins', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const plain = await w.openTab('http://other.test/');
    await w.call('createOverride', { site: SITE, duration: 60, apiOrigins: [API] });
    const writes = w.dnr.updates.length;
    const none = { methods: [], requestHeaders: [] };
    expect(await report(plain, `${API}/x`, 'http://other.test', 'PUT', 'x-a')).toEqual(none);
    expect(await report(tab, `${API}/x`, 'http://evil.localhost:5173', 'PUT', 'x-b')).toEqual(none);
    expect(await report(tab, `${API}/x`, 'http://localhost:8080', 'PUT', 'x-c')).toEqual(none);
    expect(await report(tab, 'http://elsewhere.test/x', SITE, 'PUT', 'x-d')).toEqual(none);
    expect(await report(999, `${API}/x`, SITE, 'PUT', 'x-e')).toEqual(none);
    expect((await w.call('listOverrides', undefined))[0]!.learned).toEqual({
      methods: [],
      requestHeaders: [],
    });
    expect(w.dnr.updates.length).toBe(writes);
  });

  it('hostile input: a clear error, or ignored by the same checks as a preflight', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 60 });
    for (const data of [
      null,
      { tabId: tab },
      { tabId: -1, url: API, requestHeaders: [] },
      { tabId: tab, url: `${API}/x`, requestHeaders: [{ name: 'Origin' }] },
      {
        tabId: tab,
        url: `${API}/x`,
        requestHeaders: Array.from({ length: 100 }, () => ({ name: 'Origin', value: SITE })),
      },
    ]) {
      const reply = await w.bg.onMessage(
        { type: 'learnFromFailedPreflight', data },
        { id: EXTENSION_ID, url: `${EXTENSION_URL}extension/devtools/devtools.html` },
        EXTENSION_ID,
        EXTENSION_URL,
      );
      expect(reply?.ok).toBe(false);
    }
    // Forbidden names, `*`, bad tokens: dropped like those of a real preflight.
    expect(await report(tab, `${API}/x`, SITE, '*', 'cookie, *, bad header, x-ok')).toEqual({
      methods: [],
      requestHeaders: ['x-ok'],
    });
  });
});

describe('failedPathPattern: what a learning window watches', () => {
  it('the path of the failed request, any query, any port (match patterns carry none)', () => {
    expect(failedPathPattern('http://127.0.0.1:3000/items/7?page=2#x')).toBe(
      'http://127.0.0.1/items/7*',
    );
    expect(failedPathPattern('https://API.example.test/')).toBe('https://api.example.test/*');
    expect(failedPathPattern('http://[::1]:8080/v1/a%20b')).toBe('http://[::1]/v1/a%20b*');
  });

  it('nothing for what is not an http(s) URL', () => {
    for (const url of ['', 'not a url', 'ws://localhost/x', 'data:text/plain,x', 'file:///x']) {
      expect(failedPathPattern(url)).toBeUndefined();
    }
  });
});
