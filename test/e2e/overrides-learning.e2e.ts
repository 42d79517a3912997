// Learning and "answer preflights" in real Chromium.
import { expect, it } from 'vitest';
import {
  corsVerdicts,
  fetchFromPage,
  useBrowser,
  useFrontend,
  useServer,
} from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser();

const lens = new CorsLensDriver(browser);
const app = useFrontend({ host: 'app.localhost' });
const other = useFrontend({ host: 'other.localhost' });
const api = useServer({
  // Preflights answered 204 without CORS headers: headers can fix it.
  '/items': { body: 'ok', preflight: { status: 204 } },
  // OPTIONS not routed: 404, the classic broken preflight headers cannot fix.
  'PUT /broken': { body: 'put ok' },
  // A preflight the server redirects (Chromium never follows a preflight's redirect).
  '/moved': {
    body: 'put ok',
    preflight: { status: 301, headers: { Location: '/elsewhere' } },
  },
});

async function deleteAll(): Promise<void> {
  await lens.deleteAll();
}

it('PUT, DELETE, PATCH and `patch` pass on the first try; a method it does not know, on the first retry', async () => {
  const page = await browser.newPage();
  await app.open(page);
  await lens.relax(page);
  const send = (method: string) =>
    fetchFromPage(page, api.url('/items', 'api.localhost'), { method, credentials: 'include' });
  for (const method of ['PUT', 'DELETE', 'PATCH', 'patch']) {
    const first = await send(method);
    expect(first.error, method).toBeUndefined();
    // Readable: CORS passed (Node's parser answers the lower-case `patch` with 400 itself).
    expect(first.status, method).toBe(method === 'patch' ? 400 : 200);
  }
  // No per-request listener watches the tab: the failure itself (onErrorOccurred) names the
  // method, and it is learned before the retry.
  expect(await lens.learningTabs()).toEqual([]);
  for (const method of ['PROPFIND', 'PURGE']) {
    expect((await send(method)).error, method).toBe('TypeError: Failed to fetch');
    await expect
      .poll(async () => (await lens.call('listOverrides', undefined))[0]?.learned.methods)
      .toContain(method);
    const retry = await send(method);
    expect(retry.error, method).toBeUndefined();
    expect(retry.status, method).toBe(200);
  }
  await deleteAll();
});

it('a new header fails once; without DevTools its path is watched, and the second retry passes', async () => {
  const page = await browser.newPage();
  await app.open(page);
  await lens.relax(page);
  // Right after relaxing: nothing per request (the cost issue 9 measured).
  expect(await lens.learningTabs()).toEqual([]);
  const cors = await corsVerdicts(page);
  const put = () =>
    fetchFromPage(page, api.url('/items', 'api.localhost'), {
      method: 'PUT',
      credentials: 'include',
      headers: { 'X-Trace-Id': 'abc' },
    });
  expect((await put()).error).toBe('TypeError: Failed to fetch');
  const first = await cors.waitFor(api.url('/items', 'api.localhost'));
  expect(first.corsError).toBe('HeaderDisallowedByPreflightResponse');
  expect(first.failedParameter).toBe('x-trace-id');
  // The failure opened a learning window on its path only.
  await expect.poll(() => lens.learningTabs()).toHaveLength(1);
  await put(); // watched: learned from its preflight (it may still lose the race with it)
  await expect
    .poll(async () => (await lens.call('listOverrides', undefined))[0]?.learned.requestHeaders)
    .toEqual(['x-trace-id']);
  const retry = await put();
  expect(retry.error).toBeUndefined();
  expect(retry.body).toBe('ok');
  const popup = await lens.popupFor(page);
  expect(await popup.getByTestId('learned').textContent()).toBe('x-trace-id');
  await expect
    .poll(async () => Number(await popup.getByTestId('relaxed-count').textContent()), {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(2);
  await deleteAll();
});

it('"answer preflights": a 404 preflight passes only in the opted-in override’s tab', async () => {
  const broken = () => api.url('/broken', 'api.localhost');
  const putFrom = (page: import('playwright-core').Page) =>
    fetchFromPage(page, broken(), { method: 'PUT', credentials: 'include', body: 'x' });

  const answering = await browser.newPage();
  await app.open(answering);
  const plain = await browser.newPage();
  await other.open(plain);
  const none = await browser.newPage();
  await app.open(none, '/?not-relaxed');

  await lens.relax(answering, {
    answerPreflights: true,
    scope: { kind: 'tab', tabId: await lens.tabIdOf(answering) },
  });
  await lens.relax(plain); // relaxed, but headers cannot fix a 404 preflight

  const ok = await putFrom(answering);
  expect(ok.error).toBeUndefined();
  expect(ok.body).toBe('put ok');
  // Answered before the server (request stage): the server's 404 never reaches the browser.
  expect(api.hits('/broken', 'PUT')).toHaveLength(1);
  // A redirected preflight is answered too (issue 9): headers alone cannot fix it.
  const moved = await fetchFromPage(answering, api.url('/moved', 'api.localhost'), {
    method: 'PUT',
    credentials: 'include',
    body: 'x',
  });
  expect(moved.error).toBeUndefined();
  expect(moved.body).toBe('put ok');
  const plainMoved = await corsVerdicts(plain);
  expect(
    (
      await fetchFromPage(plain, api.url('/moved', 'api.localhost'), {
        method: 'PUT',
        credentials: 'include',
        body: 'x',
      })
    ).error,
  ).toBe('TypeError: Failed to fetch');
  expect(['PreflightInvalidStatus', 'PreflightDisallowedRedirect']).toContain(
    (await plainMoved.waitFor(api.url('/moved', 'api.localhost'))).corsError,
  );

  const plainCors = await corsVerdicts(plain);
  expect((await putFrom(plain)).error).toBe('TypeError: Failed to fetch');
  expect((await plainCors.waitFor(broken())).corsError).toBe('PreflightInvalidStatus');

  const noneCors = await corsVerdicts(none);
  expect((await putFrom(none)).error).toBe('TypeError: Failed to fetch');
  expect(['PreflightMissingAllowOriginHeader', 'MissingAllowOriginHeader']).toContain(
    (await noneCors.waitFor(broken())).corsError,
  );

  const state = await lens.call('getTabState', { tabId: await lens.tabIdOf(answering) });
  expect(state.answeringPreflights).toBe(true);

  await lens.deleteAll();
  // Detached with the override (Playwright's own CDP sessions make getTargets().attached useless).
  const sw = await browser.serviceWorker();
  const tabId = await lens.tabIdOf(answering);
  const detachAgain = await sw.evaluate(
    (tabId) =>
      chrome.debugger.detach({ tabId }).then(
        () => 'was attached',
        (e: Error) => e.message,
      ),
    tabId,
  );
  expect(detachAgain).toMatch(/not attached/i);
});
