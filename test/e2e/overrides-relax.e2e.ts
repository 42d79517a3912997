// Relaxing CORS for a dev site in real Chromium: with the override, the requests a frontend makes to
// an unconfigured API pass; without it, or from any other tab, Chromium blocks them; other sites'
// responses are untouched.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  corsVerdicts,
  fetchFromPage,
  useBrowser,
  type FetchInit,
  useFrontend,
  useServer,
} from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser();

const lens = new CorsLensDriver(browser);
const app = useFrontend({ host: 'app.localhost' });
const other = useFrontend({ host: 'other.localhost' });
// An API nobody configured for CORS: no CORS headers, preflights answered 204 bare.
const api = useServer({
  'GET /me': { headers: { 'Content-Type': 'application/json' }, body: '{"user":"ada"}' },
  '/items': { status: 201, body: 'created', preflight: { status: 204 } },
  '/items/1': { body: 'updated', preflight: { status: 204 } },
  '/public': {
    headers: [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Expose-Headers', '*'],
      ['X-Probe', 'v1'],
      ['Cache-Control', 'no-store'],
    ],
    body: 'public body',
  },
});
const api2 = useServer({ 'GET /ping': { body: 'pong' } });

interface Req {
  name: string;
  url: () => string;
  init: FetchInit;
  /** Chromium's reason when nothing relaxes it. */
  blocked: string;
}

const REQUESTS: Req[] = [
  {
    name: 'credentialed GET',
    url: () => api.url('/me', 'api.localhost'),
    init: { credentials: 'include' },
    blocked: 'MissingAllowOriginHeader',
  },
  {
    name: 'JSON POST',
    url: () => api.url('/items', 'api.localhost'),
    init: {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"x"}',
    },
    blocked: 'PreflightMissingAllowOriginHeader',
  },
  {
    name: 'PUT with a custom header and Authorization',
    url: () => api.url('/items/1', 'api.localhost'),
    init: {
      method: 'PUT',
      credentials: 'include',
      headers: { 'X-Custom': '1', Authorization: 'Bearer t0k3n' },
      body: 'v',
    },
    blocked: 'PreflightMissingAllowOriginHeader',
  },
  {
    name: 'GET to a second API origin',
    url: () => api2.url('/ping', '127.0.0.1'),
    init: { credentials: 'include' },
    blocked: 'MissingAllowOriginHeader',
  },
];

/**
 * `preflightCached`: the same origin passed these preflights moments ago, and Chromium caches a
 * passing preflight (the override answers Max-Age 5): the actual request then goes out and its
 * response is what fails.
 */
async function expectAllBlocked(page: Page, { preflightCached = false } = {}): Promise<void> {
  const cors = await corsVerdicts(page);
  for (const r of REQUESTS) {
    const result = await fetchFromPage(page, r.url(), r.init);
    expect(result.error, r.name).toBe('TypeError: Failed to fetch');
    const reasons = preflightCached ? [r.blocked, 'MissingAllowOriginHeader'] : [r.blocked];
    expect(reasons, r.name).toContain((await cors.waitFor(r.url())).corsError);
  }
}

/** A response as the page's script reads it, minus the server's clock. */
function withoutDate(response: Awaited<ReturnType<typeof fetchFromPage>>) {
  const { date: _date, ...headers } = response.headers;
  return { ...response, headers };
}

async function expectAllPass(page: Page): Promise<void> {
  for (const r of REQUESTS) {
    const result = await fetchFromPage(page, r.url(), r.init);
    expect({ name: r.name, error: result.error, ok: result.ok }).toEqual({
      name: r.name,
      error: undefined,
      ok: true,
    });
  }
}

async function deleteAll(): Promise<void> {
  await lens.deleteAll();
}

describe('a relaxed tab', () => {
  it('blocks everything without the override and passes everything with it', async () => {
    const page = await browser.newPage();
    await app.open(page);
    await expectAllBlocked(page);
    await lens.relax(page, { requestHeaders: ['x-custom'] });
    await expectAllPass(page);
    const me = await fetchFromPage(page, api.url('/me', 'api.localhost'), {
      credentials: 'include',
    });
    expect(me.body).toBe('{"user":"ada"}');
    // Credentials-correct: the exact origin, never `*`.
    expect(api.hits('/me').length).toBeGreaterThan(1);
    await deleteAll();
    await expectAllBlocked(page, { preflightCached: true });
  });

  it('is switched on from the popup, which then shows the headers and the badge', async () => {
    const page = await browser.newPage();
    await app.open(page);
    const popup = await lens.popupFor(page);
    await popup.getByLabel('15 min').check();
    await popup.getByRole('switch').click();
    await popup.getByText('CORS relaxed for this site').waitFor();
    expect(await popup.getByTestId('time-left').textContent()).toMatch(/^1[45]:\d\d$/);
    await popup.getByText('Access-Control-Allow-Credentials', { exact: true }).waitFor();
    expect(await lens.badge(page)).toBe('15m');
    const get = await fetchFromPage(page, api.url('/me', 'api.localhost'), {
      credentials: 'include',
    });
    expect(get.ok).toBe(true);
    await popup.getByRole('switch').click();
    await popup.getByText('Relax CORS for this site').waitFor();
    expect(await lens.badge(page)).toBe('');
    expect(await lens.sessionRules()).toEqual([]);
  });
});

describe('isolation', () => {
  it('another tab of another site stays blocked, and sees byte-for-byte the same responses', async () => {
    const elsewhere = await browser.newPage();
    await other.open(elsewhere);
    const before = await fetchFromPage(elsewhere, api.url('/public', 'api.localhost'));
    const relaxed = await browser.newPage();
    await app.open(relaxed);
    await lens.relax(relaxed, { requestHeaders: ['x-custom'] });
    await expectAllPass(relaxed);
    await expectAllBlocked(elsewhere);
    const after = await fetchFromPage(elsewhere, api.url('/public', 'api.localhost'));
    expect(withoutDate(after)).toEqual(withoutDate(before));
    expect(after.headers['x-probe']).toBe('v1');
    const sw = await browser.serviceWorker();
    const otherTab = await lens.tabIdOf(elsewhere);
    const matched = await sw.evaluate(
      (tabId) => chrome.declarativeNetRequest.getMatchedRules({ tabId }),
      otherTab,
    );
    expect(matched.rulesMatchedInfo).toEqual([]);
    await deleteAll();
  });

  it('with a one-tab scope, another tab of the same site stays blocked', async () => {
    const one = await browser.newPage();
    await app.open(one);
    const two = await browser.newPage();
    await app.open(two, '/?second');
    await lens.relax(one, {
      requestHeaders: ['x-custom'],
      scope: { kind: 'tab', tabId: await lens.tabIdOf(one) },
    });
    await expectAllPass(one);
    await expectAllBlocked(two, { preflightCached: true });
    await deleteAll();
  });
});
