// Requests with no tab, in real Chromium: a page's service worker (think mock service worker)
// fetching a cross-origin loopback API. Chromium gives them tabId -1, so the tab rules never reach
// them; a site-wide override adds worker rules (src/overrides/worker-rules.ts). Checked here: the
// relaxed site's worker passes, another origin on the same host (which DNR's initiatorDomains cannot
// tell apart) keeps exactly its own verdicts, a one-tab override leaves workers alone.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules, diffRules, type DnrRule } from '../../src/overrides/index.ts';
import { startServer, useBrowser, type TestServer } from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser();
let lens: CorsLensDriver;
let site: TestServer;
let neighbour: TestServer;
let api: TestServer;

/** The worker fetches what the page posts to it and posts back what it saw. */
const WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', async (e) => {
  const [url, init] = e.data;
  let out;
  try {
    const r = await fetch(url, init);
    out = { ok: true, status: r.status, body: await r.text() };
  } catch (err) {
    out = { ok: false, error: String(err) };
  }
  e.source.postMessage(out);
});`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><script>
window.workerFetch = async (url, init) => {
  const reg = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  const worker = reg.active;
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
    worker.postMessage([url, init]);
  });
};
</script></body></html>`;

const frontendRoutes = {
  'GET /': { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: PAGE },
  'GET /sw.js': { headers: { 'Content-Type': 'text/javascript' }, body: WORKER },
};

interface Seen {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

async function workerFetch(page: Page, url: string, init: RequestInit = {}): Promise<Seen> {
  return page.evaluate(
    ([u, i]) =>
      (window as unknown as { workerFetch(u: string, i: RequestInit): Promise<Seen> }).workerFetch(
        u,
        i,
      ),
    [url, init] as const,
  );
}

async function pageFetch(page: Page, url: string, init: RequestInit = {}): Promise<boolean> {
  return page.evaluate(
    async ([u, i]) => {
      try {
        await (await fetch(u, i)).text();
        return true;
      } catch {
        return false;
      }
    },
    [url, init] as const,
  );
}

beforeAll(async () => {
  lens = new CorsLensDriver(browser);
  site = await startServer(frontendRoutes);
  neighbour = await startServer(frontendRoutes); // same host (localhost), another port
  api = await startServer({
    // Unconfigured: no CORS headers; preflights answered 204 bare.
    'GET /data': { body: 'data' },
    '/items': { body: 'saved', preflight: { status: 204 } },
    // Configured for whoever asks: must keep working for every origin.
    'GET /echo': (req) => ({
      headers: {
        'Access-Control-Allow-Origin': req.header('origin') ?? '',
        'Access-Control-Allow-Credentials': 'true',
      },
      body: 'echo',
    }),
    'GET /star': { headers: { 'Access-Control-Allow-Origin': '*' }, body: 'star' },
    // Preflight lists Chromium cannot parse: appending to them cannot help, they are replaced.
    '/malformed': {
      body: 'saved',
      preflight: {
        status: 204,
        headers: {
          'Access-Control-Allow-Methods': 'PUT;, DELETE',
          'Access-Control-Allow-Headers': 'x-custom;',
        },
      },
    },
  });
});

afterAll(async () => {
  await Promise.all([site.close(), neighbour.close(), api.close()]);
});

const API = () => api.originFor('127.0.0.1');

async function open(server: TestServer): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(server.url('/'));
  return page;
}

describe('a site’s service worker (tabId -1)', () => {
  it('is blocked without an override, and relaxed by a site-wide one', async () => {
    const page = await open(site);
    const data = `${API()}/data`;
    expect(await workerFetch(page, data)).toMatchObject({ ok: false });

    const o = await lens.relax(page, { scope: { kind: 'site' } });
    const rules = await lens.sessionRules();
    expect(rules.some((r) => r.condition.tabIds?.includes(-1))).toBe(true);
    // What Chromium hands back equals what the compiler wants: the next reconcile changes nothing.
    const tabId = await lens.tabIdOf(page);
    const wanted = compileRules([o], [{ tabId, origin: site.origin }], Date.now(), {
      workerRequests: true,
    });
    expect(diffRules(rules as DnrRule[], wanted.rules)).toBeNull();

    expect(await workerFetch(page, data)).toEqual({ ok: true, status: 200, body: 'data' });
    expect(await workerFetch(page, data, { credentials: 'include' })).toMatchObject({ ok: true });
    // A preflighted request from the worker: PUT with JSON.
    expect(
      await workerFetch(page, `${API()}/items`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ).toEqual({ ok: true, status: 200, body: 'saved' });
    // Working answers stay working.
    expect(await workerFetch(page, `${API()}/echo`, { credentials: 'include' })).toMatchObject({
      ok: true,
      body: 'echo',
    });
    expect(await workerFetch(page, `${API()}/star`)).toMatchObject({ ok: true, body: 'star' });
    // Documented limit: `*` is left alone for workers (it may be another origin's working answer),
    // so a credentialed worker request to a `*` server stays blocked, unlike the tab's.
    const starWithCookies = { credentials: 'include' } as const;
    expect(await workerFetch(page, `${API()}/star`, starWithCookies)).toMatchObject({ ok: false });
    // The tab's: `*` is kept until the API fails a request of the site (it passes uncredentialed
    // and tainted ones), then replaced, so the retry passes.
    expect(await pageFetch(page, `${API()}/star`, starWithCookies)).toBe(false);
    await expect.poll(() => pageFetch(page, `${API()}/star`, starWithCookies)).toBe(true);
    // The tab itself is relaxed as before.
    expect(await pageFetch(page, data)).toBe(true);

    // Another origin on the same host: same verdicts as without CORS Lens.
    const other = await open(neighbour);
    expect(await workerFetch(other, data)).toMatchObject({ ok: false });
    expect(await workerFetch(other, `${API()}/echo`, { credentials: 'include' })).toMatchObject({
      ok: true,
      body: 'echo',
    });
    expect(await workerFetch(other, `${API()}/star`)).toMatchObject({ ok: true, body: 'star' });
    expect(await pageFetch(other, data)).toBe(false);

    await lens.call('deleteOverride', { id: o.id });
    expect(await workerFetch(page, data)).toMatchObject({ ok: false });
    await Promise.all([page.close(), other.close()]);
  });

  it('a malformed preflight list is replaced for the site’s worker, as for its tabs', async () => {
    const page = await open(site);
    const other = await open(neighbour);
    const put = {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Custom': '1' },
      body: '{}',
    };
    const url = `${API()}/malformed`;
    expect(await workerFetch(page, url, put)).toMatchObject({ ok: false });
    const o = await lens.relax(page, {
      scope: { kind: 'site' },
      requestHeaders: ['x-custom'],
    });
    expect(await workerFetch(page, url, put)).toEqual({ ok: true, status: 200, body: 'saved' });
    expect(await pageFetch(page, url, put)).toBe(true);
    // Another origin on the host: its worker still gets the server's broken answer.
    expect(await workerFetch(other, url, put)).toMatchObject({ ok: false });
    await lens.call('deleteOverride', { id: o.id });
    await Promise.all([page.close(), other.close()]);
  });

  it('a one-tab override relaxes the tab, not the site’s workers', async () => {
    const page = await open(site);
    const tabId = await lens.tabIdOf(page);
    const o = await lens.relax(page, { scope: { kind: 'tab', tabId } });
    const data = `${API()}/data`;
    expect(await pageFetch(page, data)).toBe(true);
    expect(await workerFetch(page, data)).toMatchObject({ ok: false });
    expect((await lens.sessionRules()).some((r) => r.condition.tabIds?.includes(-1))).toBe(false);
    await lens.call('deleteOverride', { id: o.id });
    await page.close();
  });

  it('two relaxed sites on one host: the workers are left alone (each would claim the answers)', async () => {
    const a = await open(site);
    const b = await open(neighbour);
    const oa = await lens.relax(a, { scope: { kind: 'site' } });
    const ob = await lens.relax(b, { scope: { kind: 'site' } });
    expect((await lens.sessionRules()).some((r) => r.condition.tabIds?.includes(-1))).toBe(false);
    expect(await workerFetch(a, `${API()}/data`)).toMatchObject({ ok: false });
    expect(await pageFetch(a, `${API()}/data`)).toBe(true);
    await lens.call('deleteOverride', { id: oa.id });
    await lens.call('deleteOverride', { id: ob.id });
    await Promise.all([a.close(), b.close()]);
  });
});
