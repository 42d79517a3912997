// An override's life in real Chromium: it ends on time; the service worker can be stopped between
// any two steps without losing or duplicating anything; a browser restart on the same profile brings
// back what should survive and leaves no stale session rule.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { fetchFromPage, useBrowser, useFrontend, useServer } from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser();

const lens = new CorsLensDriver(browser);
const app = useFrontend({ host: 'app.localhost' });
const app2 = useFrontend({ host: 'second.localhost' });
const api = useServer({ '/data': { body: 'data', preflight: { status: 204 } } });

async function passes(page: Page): Promise<boolean> {
  return (await fetchFromPage(page, api.url('/data', 'api.localhost'), { credentials: 'include' }))
    .ok;
}

it('a short override ends on time: rules, badge and popup state are gone', async () => {
  const page = await browser.newPage();
  await app.open(page);
  // Long enough for the popup to open and show it on a busy machine (3 s was not, at load 10), short
  // enough to wait for.
  const o = await lens.relax(page, { duration: 0.25 }); // 15 s
  expect(await passes(page)).toBe(true);
  expect(await lens.badge(page)).toBe('1m');
  const popup = await lens.popupFor(page);
  await popup.getByText('CORS relaxed for this site').waitFor();
  const endsIn = o.end.kind === 'at' ? o.end.at - Date.now() : 0;
  await page.waitForTimeout(Math.max(0, endsIn) + 700);
  expect(await lens.sessionRules()).toEqual([]);
  expect(await lens.badge(page)).toBe('');
  expect(await lens.call('listOverrides', undefined)).toEqual([]);
  expect(await passes(page)).toBe(false);
  // The open popup notices on one of its next refreshes (every 5 s; a busy machine delays them).
  await popup.getByText('Relax CORS for this site').waitFor({ timeout: 20_000 });
});

it('survives the service worker being stopped between steps', async () => {
  const page = await browser.newPage();
  await app.open(page);
  await browser.stopServiceWorker();
  const o = await lens.relax(page); // the message wakes it
  const rules = await lens.sessionRules();
  expect(rules.length).toBeGreaterThan(0);

  await browser.stopServiceWorker();
  expect(await passes(page)).toBe(true); // session rules outlive the worker
  await page.reload(); // a tab event wakes it: reconcile finds nothing to change
  expect(await lens.sessionRules()).toEqual(rules);
  expect(await passes(page)).toBe(true);

  await browser.stopServiceWorker();
  const state = await lens.call('getTabState', { tabId: await lens.tabIdOf(page) });
  expect(state.override?.id).toBe(o.id);
  expect(state.relaxed).toBe(true);
  expect(await lens.call('listOverrides', undefined)).toHaveLength(1);

  await browser.stopServiceWorker();
  await lens.call('deleteOverride', { id: o.id });
  expect(await lens.sessionRules()).toEqual([]);
  expect(await passes(page)).toBe(false);
});

it('learns again after the worker was stopped', async () => {
  const page = await browser.newPage();
  await app.open(page);
  await lens.relax(page);
  await browser.stopServiceWorker();
  const put = () =>
    fetchFromPage(page, api.url('/data', 'api.localhost'), {
      method: 'PUT',
      credentials: 'include',
      headers: { 'X-After-Stop': '1' },
    });
  // The stopped worker restarts for the first failure but Chromium drops that one event (see
  // extension/background/learning.ts); the restarted worker hears the next failure, which opens a
  // learning window on its path; the retry after it is learned from (DevTools closed), and the
  // one after that passes. On an idle machine that is the 3rd or 4th attempt; how many failures
  // fall before the restarted worker listens depends on the machine's load, so the bound here is
  // only for a hang (the attempt count on an idle machine is in docs/overrides.md).
  let passedAt = 0;
  for (let attempt = 1; attempt <= 30 && passedAt === 0; attempt++) {
    if ((await put()).error === undefined) passedAt = attempt;
    else await page.waitForTimeout(150);
  }
  expect(passedAt).toBeGreaterThan(1);
  const [o] = await lens.call('listOverrides', undefined);
  expect(o!.learned.requestHeaders).toEqual(['x-after-stop']);
  await lens.deleteAll();
});

it('after a browser restart: timed overrides come back, tab-bound ones are gone, no stale rules', async () => {
  const page = await browser.newPage();
  await app.open(page);
  const second = await browser.newPage();
  await app2.open(second);
  const timed = await lens.relax(page, { duration: 60 });
  await lens.relax(second, { duration: 'tab-close' });
  const short = await lens.call('createOverride', {
    site: 'http://gone.localhost:1',
    duration: 0.02,
  });
  expect(short.end.kind).toBe('at');
  expect((await lens.sessionRules()).length).toBeGreaterThan(0);
  await page.waitForTimeout(1500); // the short one's end passes while the browser is closed

  await browser.restart();
  const sites = (await lens.call('listOverrides', undefined)).map((o) => o.site);
  expect(sites).toEqual([timed.site]);
  expect(await lens.sessionRules()).toEqual([]); // no tab shows the site yet
  const again = await browser.newPage();
  await app.open(again);
  await expect.poll(async () => (await lens.sessionRules()).length).toBeGreaterThan(0);
  expect(await passes(again)).toBe(true);
  await lens.deleteAll();
});
