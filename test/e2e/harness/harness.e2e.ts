// The harness checks itself against real Chromium: if these pass, a failing product test is about
// the product, not the tooling.
import http from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  TEST_EXTENSION_ID,
  corsVerdicts,
  createFrontend,
  fetchFromPage,
  launchBrowser,
  pageErrors,
  startServer,
  useBrowser,
  xhrFromPage,
  type Frontend,
  type TestServer,
} from './index.ts';
import type { ReusableBrowser } from './browser.ts';
import { borrowBrowser, returnBrowser } from './browser-pool.ts';
import { CorsLensDriver } from '../overrides-driver.ts';

/** GET with Node's raw client: header lines exactly as sent (undici would merge repeats). */
function rawGet(url: string, method = 'GET') {
  return new Promise<{ status: number; raw: string[]; body: string }>((resolve, reject) => {
    http
      .request(url, { method }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: res.rawHeaders, body }));
      })
      .on('error', reject)
      .end();
  });
}

describe('startServer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      '/dup': {
        headers: [
          ['X-Twice', 'a'],
          ['x-twice', 'b'],
        ],
        body: 'dup',
      },
      '/split': {
        status: 201,
        headers: { 'X-List': ['1', '2'] },
        preflight: { status: 204, headers: { 'X-Preflight': 'yes' } },
      },
      'GET /only-get': { body: 'get' },
      '/go': { redirect: '/dup' },
      '/slow': { delayMs: 150, body: 'slow' },
      '/echo': (req) => ({ body: `${req.method} ${req.header('x-probe') ?? '-'}` }),
    });
  });
  afterAll(() => server.close());

  test('sends each header line as given, repeats and case included', async () => {
    const res = await rawGet(server.url('/dup'));
    expect(res.raw).toEqual(expect.arrayContaining(['X-Twice', 'a', 'x-twice', 'b']));
    expect(res.raw.filter((h) => h.toLowerCase() === 'x-twice')).toHaveLength(2);
  });

  test('answers OPTIONS from `preflight` and other methods from the route', async () => {
    const actual = await rawGet(server.url('/split'));
    const preflight = await rawGet(server.url('/split'), 'OPTIONS');
    expect([actual.status, preflight.status]).toEqual([201, 204]);
    expect(actual.raw).toEqual(expect.arrayContaining(['X-List', '1', 'X-List', '2']));
    expect(preflight.raw).toContain('X-Preflight');
    expect(preflight.raw).not.toContain('X-List');
  });

  test('leaves OPTIONS unrouted for a method-only route, and records everything', async () => {
    server.clear();
    expect((await rawGet(server.url('/only-get'), 'OPTIONS')).status).toBe(404);
    expect((await rawGet(server.url('/only-get'))).body).toBe('get');
    expect((await rawGet(server.url('/nowhere'))).status).toBe(404);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'OPTIONS /only-get',
      'GET /only-get',
      'GET /nowhere',
    ]);
    expect(server.hits('/only-get', 'get')).toHaveLength(1);
  });

  test('redirects, delays, computes answers per request and takes new routes', async () => {
    const redirect = await rawGet(server.url('/go'));
    expect(redirect.status).toBe(302);
    expect(redirect.raw).toEqual(expect.arrayContaining(['Location', '/dup']));
    const started = Date.now();
    expect((await rawGet(server.url('/slow'))).body).toBe('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await rawGet(server.url('/echo'), 'DELETE')).body).toBe('DELETE -');
    server.route('/late', { status: 418 });
    expect((await rawGet(server.url('/late'))).status).toBe(418);
  });

  test('names its origin with localhost and offers other loopback names', () => {
    expect(server.origin).toBe(`http://localhost:${server.port}`);
    expect(server.originFor('127.0.0.1')).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.url('/x', 'api.localhost')).toBe(`http://api.localhost:${server.port}/x`);
  });
});

describe('browser, page requests and Chromium verdicts', () => {
  const browser = useBrowser();
  let frontend: Frontend;
  let api: TestServer;
  beforeAll(async () => {
    frontend = await createFrontend();
    const allow = (req: { header(n: string): string | undefined }) => req.header('origin') ?? '';
    api = await startServer({
      '/none': { body: 'secret' },
      '/ok': (req) => ({ headers: { 'Access-Control-Allow-Origin': allow(req) }, body: 'fine' }),
      '/twice': {
        headers: [
          ['Access-Control-Allow-Origin', frontend.origin],
          ['Access-Control-Allow-Origin', frontend.origin],
        ],
      },
      '/narrow': {
        preflight: (req) => ({
          status: 204,
          headers: {
            'Access-Control-Allow-Origin': allow(req),
            'Access-Control-Allow-Methods': 'PUT',
            'Access-Control-Allow-Headers': 'content-type',
          },
        }),
      },
      '/hop': (req) => ({
        redirect: api.url('/none', '127.0.0.1'),
        headers: { 'Access-Control-Allow-Origin': allow(req) },
      }),
    });
  });
  afterAll(async () => {
    await frontend.close();
    await api.close();
  });

  test('loads the test build under its pinned id', async () => {
    expect(browser.extensionId).toBe(TEST_EXTENSION_ID);
    const sw = await browser.serviceWorker();
    expect(sw.url()).toBe(browser.extensionUrl('service-worker-loader.js'));
    expect(await sw.evaluate(() => chrome.runtime.id)).toBe(TEST_EXTENSION_ID);
    // The copy got Chromium's _metadata/, not the build output.
    expect(browser.extensionDir).not.toContain('dist-test');
  });

  test('reports a blocked GET as MissingAllowOriginHeader, with the console line', async () => {
    const page = await browser.newPage();
    await frontend.open(page);
    const cors = await corsVerdicts(page);
    api.clear();
    const result = await fetchFromPage(page, api.url('/none'));
    expect(result).toMatchObject({ ok: false, status: 0, error: 'TypeError: Failed to fetch' });
    const verdict = await cors.waitFor(api.url('/none'));
    expect(verdict).toMatchObject({
      state: 'failed',
      type: 'Fetch',
      method: 'GET',
      status: 200,
      corsError: 'MissingAllowOriginHeader',
      errorText: 'net::ERR_FAILED',
    });
    expect(verdict.responseHeaders?.['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(verdict.requestHeaders?.['Origin']).toBe(frontend.origin);
    expect(verdict.console.join('\n')).toContain("No 'Access-Control-Allow-Origin' header");
    // The server was reached: CORS blocks the read, not the request.
    expect(api.hits('/none')[0]?.header('origin')).toBe(frontend.origin);
  });

  test('lets an allowed request through, for fetch and XHR alike', async () => {
    const page = await browser.newPage();
    await frontend.open(page);
    const cors = await corsVerdicts(page);
    expect(await fetchFromPage(page, api.url('/ok'))).toMatchObject({ ok: true, body: 'fine' });
    expect(await cors.waitFor(api.url('/ok'))).toMatchObject({ state: 'finished', status: 200 });
    expect(await xhrFromPage(page, api.url('/ok'))).toMatchObject({ status: 200, body: 'fine' });
    expect((await cors.waitFor(api.url('/ok'))).type).toBe('XHR');
    expect((await xhrFromPage(page, api.url('/none'))).error).toBe('error');
  });

  test('names the failed parameter, the preflight, duplicates and redirect hops', async () => {
    const page = await browser.newPage();
    await frontend.open(page);
    const cors = await corsVerdicts(page);

    await fetchFromPage(page, api.url('/narrow'), { method: 'PUT', headers: { 'X-Api-Key': 'k' } });
    const narrow = await cors.waitFor(api.url('/narrow'));
    expect(narrow).toMatchObject({
      corsError: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'x-api-key',
      preflight: { status: 204 },
    });
    expect(api.hits('/narrow', 'PUT')).toHaveLength(0);

    await fetchFromPage(page, api.url('/twice'));
    expect((await cors.waitFor(api.url('/twice'))).corsError).toBe('MultipleAllowOriginValues');

    await fetchFromPage(page, api.url('/hop'));
    const hop = await cors.waitFor(api.url('/hop'));
    expect(hop.redirects).toEqual([{ url: api.url('/hop'), status: 302 }]);
    expect(hop.finalUrl).toBe(api.url('/none', '127.0.0.1'));
    expect(hop.corsError).toBe('MissingAllowOriginHeader');
  });

  test('pageErrors records console errors and uncaught exceptions', async () => {
    const noisy = await createFrontend({
      html: '<script>console.error("boom"); throw new Error("bang")</script>',
    });
    try {
      const page = await browser.newPage();
      const errors = pageErrors(page);
      await noisy.open(page);
      await expect.poll(() => errors.length).toBe(2);
      expect(errors[0]).toBe('console.error: boom');
      expect(errors[1]).toMatch(/^uncaught: Error: bang/);
    } finally {
      await noisy.close();
    }
  });

  test('stops the service worker and starts a fresh one', async () => {
    const sw = await browser.serviceWorker();
    await sw.evaluate(() => {
      (globalThis as { marker?: string }).marker = 'before';
    });
    await browser.stopServiceWorker();
    expect(await browser.serviceWorkerStatus()).toBe('stopped');
    const again = await browser.serviceWorker();
    expect(await browser.serviceWorkerStatus()).toBe('running');
    expect(await again.evaluate(() => (globalThis as { marker?: string }).marker ?? 'fresh')).toBe(
      'fresh',
    );
  });
});

describe('devtools page', () => {
  const browser = useBrowser({ devtools: true });
  let frontend: Frontend;
  let api: TestServer;
  beforeAll(async () => {
    frontend = await createFrontend();
    api = await startServer({
      '/none': {
        headers: [
          ['X-Seen', '1'],
          ['X-Seen', '2'],
        ],
        body: 'secret',
      },
    });
  });
  afterAll(async () => {
    await frontend.close();
    await api.close();
  });

  test("collects the HAR entries the extension's devtools page receives, per tab; shows the panel", async () => {
    const [one, two] = [await browser.newPage(), await browser.newPage()];
    const [devOne, devTwo] = [browser.devtools(one), browser.devtools(two)];
    expect(devOne.tabId).not.toBe(devTwo.tabId);
    await frontend.open(one);
    await fetchFromPage(one, api.url('/none'), { method: 'PUT' });
    const entries = await devOne.waitForEntries((list) =>
      list.some((e) => e.request.method === 'PUT'),
    );
    const preflight = entries.find((e) => e.request.method === 'OPTIONS');
    const put = entries.find((e) => e.request.method === 'PUT');
    expect(preflight?.request.url).toBe(api.url('/none'));
    expect(preflight?.response.headers.filter((h) => h.name === 'X-Seen')).toHaveLength(2);
    expect(put?.response).toMatchObject({ status: 0, _error: 'net::ERR_FAILED' });
    expect((await devOne.getHAR()).map((e) => e.request.method).sort()).toEqual([
      'GET',
      'OPTIONS',
      'PUT',
    ]);
    expect(await devTwo.entries()).toEqual([]);

    // The extension's panel, in the second tab's DevTools (a tab more would cost a DevTools window).
    const panel = await devTwo.showPanel();
    expect(await panel.evaluate(() => location.pathname)).toBe('/extension/devtools/panel.html');
    const text = await panel.waitFor(() => document.body.innerText.trim());
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('launch options', () => {
  test('runs without the extension, and restarts on the same profile', async () => {
    const bare = await launchBrowser({ extension: false });
    try {
      expect(() => bare.extensionId).toThrow(/without the extension/);
      expect(bare.context.serviceWorkers()).toHaveLength(0);
    } finally {
      await bare.close();
    }

    const browser = await launchBrowser();
    const { profileDir, extensionDir } = browser;
    try {
      const sw = await browser.serviceWorker();
      await sw.evaluate(() => chrome.storage.local.set({ harness: 'kept' }));
      const firstContext = browser.context;
      await browser.restart();
      expect(browser.context).not.toBe(firstContext);
      const after = await browser.serviceWorker();
      expect(await after.evaluate(() => chrome.storage.local.get('harness'))).toEqual({
        harness: 'kept',
      });
    } finally {
      await browser.close();
    }
    expect(existsSync(profileDir)).toBe(false);
    expect(existsSync(join(extensionDir, 'manifest.json'))).toBe(false);
  });
});

describe('the browser pool', () => {
  /** What a file can leave in a browser: tabs, an override with its rules, storage, a cookie. */
  async function leaveState(browser: ReusableBrowser): Promise<void> {
    const site = await createFrontend();
    const cookie = await startServer({ '/': { headers: { 'Set-Cookie': 'left=1' }, body: 'ok' } });
    try {
      const page = await browser.newPage();
      await site.open(page);
      const lens = new CorsLensDriver(browser);
      await lens.relax(page);
      await expect.poll(() => lens.sessionRules()).not.toEqual([]);
      const sw = await browser.serviceWorker();
      await sw.evaluate(() => chrome.alarms.create('left', { delayInMinutes: 5 }));
      // A tab the harness does not know of, with a cookie.
      await (await browser.context.newPage()).goto(cookie.url('/'));
      expect(await browser.context.cookies()).not.toEqual([]);
    } finally {
      await Promise.all([site.close(), cookie.close()]);
    }
  }

  test('the next file gets the same browser in the state of a fresh launch', async () => {
    const browser = await borrowBrowser(false);
    const { profileDir } = browser;
    // Returned even when leaving the state fails, so no browser outlives the file.
    await leaveState(browser).finally(() => returnBrowser(browser));

    const again = await borrowBrowser(true);
    try {
      expect(again.profileDir).toBe(profileDir);
      expect(again.context.pages().map((page) => page.url())).toEqual(['about:blank']);
      expect(await again.context.cookies()).toEqual([]);
      const sw = await again.serviceWorker();
      const state = await sw.evaluate(async () => ({
        local: await chrome.storage.local.get(null),
        rules: await chrome.declarativeNetRequest.getSessionRules(),
        alarms: await chrome.alarms.getAll(),
      }));
      expect(state).toEqual({ local: {}, rules: [], alarms: [] });
      // Lent with DevTools this time: newPage() opens them.
      const page = await again.newPage();
      expect(await again.devtools(page).entries()).toEqual([]);
    } finally {
      await returnBrowser(again);
    }
  });

  test('a browser that cannot be reset is closed, and the next file launches its own', async () => {
    const browser = await borrowBrowser(false);
    const { profileDir } = browser;
    const failing = new Proxy(browser, {
      get: (target, key) =>
        key === 'resetForNextFile'
          ? () => Promise.reject(new Error('injected reset failure'))
          : (Reflect.get(target, key) as unknown),
    });
    await returnBrowser(failing);
    expect(existsSync(profileDir)).toBe(false);

    const next = await borrowBrowser(false);
    try {
      expect(next.profileDir).not.toBe(profileDir);
      expect((await next.serviceWorker()).url()).toContain(TEST_EXTENSION_ID);
    } finally {
      await returnBrowser(next);
    }
  });
});
