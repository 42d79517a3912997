// Learning from the tab's DevTools: with DevTools open on a relaxed tab, the devtools page reports
// the failed preflight itself, so a new header is learned at the first failure and the first retry
// passes — with no per-request webRequest listener (issue 9). Real Chromium, real DevTools
// (opened on the tab over CDP), loopback servers.
import { expect, it } from 'vitest';
import { fetchFromPage, useBrowser, useFrontend, useServer } from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser({ devtools: true });

const lens = new CorsLensDriver(browser);
const app = useFrontend({ host: 'app.localhost' });
const other = useFrontend({ host: 'other.localhost' });
// Preflights answered 204 without CORS headers: headers can fix it.
const api = useServer({ '/items': { body: 'ok', preflight: { status: 204 } } });

const learned = async () => (await lens.call('listOverrides', undefined))[0]?.learned;

// One relaxed tab for the three methods: each tab costs a DevTools window (~2.5 s of CPU), and each
// header is new to the override when its method first sends it.
it('a PUT, a GET and a PROPFIND with a new header each fail once, and the first retry passes', async () => {
  const page = await browser.newPage();
  await app.open(page);
  await lens.relax(page);
  for (const [method, headers, name] of [
    ['PUT', { 'X-Trace-Id': 'abc' }, 'x-trace-id'],
    ['GET', { 'X-Api-Key': 'k' }, 'x-api-key'],
    ['PROPFIND', { 'X-Depth-Hint': '1' }, 'x-depth-hint'],
  ] as const) {
    const send = () =>
      fetchFromPage(page, api.url('/items', 'api.localhost'), {
        method,
        credentials: 'include',
        headers,
      });
    expect((await send()).error, method).toBe('TypeError: Failed to fetch');
    // Learned before any retry: only DevTools saw what that preflight asked for.
    await expect.poll(async () => (await learned())?.requestHeaders).toContain(name);
    const retry = await send();
    expect(retry.error, method).toBeUndefined();
    expect(retry.body, method).toBe('ok');
  }
  await lens.deleteAll();
});

it('a tab that is not relaxed teaches nothing, and relaxing nothing adds no listener', async () => {
  const relaxed = await browser.newPage();
  await app.open(relaxed);
  await lens.relax(relaxed);
  const plain = await browser.newPage();
  await other.open(plain);
  const put = await fetchFromPage(plain, api.url('/items', 'api.localhost'), {
    method: 'PUT',
    credentials: 'include',
    headers: { 'X-Not-Relaxed': '1' },
  });
  expect(put.error).toBe('TypeError: Failed to fetch');
  // The relaxed tab's own failure is learned; the other tab's never is.
  expect(
    (
      await fetchFromPage(relaxed, api.url('/items', 'api.localhost'), {
        method: 'PUT',
        credentials: 'include',
        headers: { 'X-Relaxed': '1' },
      })
    ).error,
  ).toBe('TypeError: Failed to fetch');
  await expect.poll(async () => (await learned())?.requestHeaders).toContain('x-relaxed');
  expect((await learned())?.requestHeaders).not.toContain('x-not-relaxed');
  // Only the failed path of the relaxed tab is watched by webRequest.
  expect(await lens.learningTabs()).toHaveLength(1);
  await lens.deleteAll();
});
