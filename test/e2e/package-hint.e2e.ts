// "Which package relaxes this", in the real panel inside DevTools: a preflight the server answers
// 405, or redirects, cannot be cured by headers; the panel says which package relaxes it. The test
// build carries `debugger` (like "CORS Lens (with preflight answers)"), so here the panel points to
// its own "Answer preflights" switch; the lean package's wording is checked with capabilities
// injected (test/ui/package-hint.test.tsx).
import { describe, expect, test } from 'vitest';
import {
  corsVerdicts,
  fetchFromPage,
  useBrowser,
  useFrontend,
  useServer,
  type ExtensionFrame,
} from './harness/index.ts';

const browser = useBrowser({ devtools: true });
const site = useFrontend();
const api = useServer({
  // The classic unconfigured framework: OPTIONS answered 405, with CORS headers.
  '/api/items': (req) =>
    req.method === 'OPTIONS'
      ? {
          status: 405,
          headers: { 'Access-Control-Allow-Origin': req.header('origin') ?? '' },
        }
      : { body: 'saved' },
  // A preflight the server redirects.
  '/api/moved': (req) =>
    req.method === 'OPTIONS' ? { status: 307, redirect: api.url('/api/items') } : { body: 'moved' },
  'GET /api/plain': { body: 'plain' },
});

async function hintFor(panel: ExtensionFrame, url: string): Promise<string | null> {
  await panel.waitFor(
    (u) => [...document.querySelectorAll<HTMLElement>('[role=option]')].some((r) => r.title === u),
    url,
    30_000,
  );
  // Clicked again until its detail shows: a row re-rendered between a query and a click (its
  // preflight arriving late, under load) takes the click with it. Selecting is idempotent.
  await panel.waitFor(
    (u) => {
      const selected = document.querySelector<HTMLElement>('[role=option][aria-selected=true]');
      if (selected?.title === u) return document.querySelector('.relax-button')?.textContent;
      [...document.querySelectorAll<HTMLElement>('[role=option]')]
        .find((r) => r.title === u)
        ?.click();
      return undefined;
    },
    url,
    30_000,
  );
  // Give the capabilities answer a moment (longer on a busy machine), then read what the detail says.
  return panel
    .waitFor(
      () => document.querySelector('[data-testid=package-hint]')?.textContent ?? null,
      undefined,
      15_000,
    )
    .catch(() => null);
}

describe('the panel names the package that relaxes a failed preflight', () => {
  test('405 and redirected preflights: hint; a header-fixable failure: none', async () => {
    const page = await browser.newPage();
    const panel = await browser.devtools(page).showPanel();
    const verdicts = await corsVerdicts(page);
    await site.open(page);
    const put = { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' };

    expect((await fetchFromPage(page, api.url('/api/items'), put)).ok).toBe(false);
    expect((await verdicts.waitFor(api.url('/api/items'))).corsError).toBe(
      'PreflightInvalidStatus',
    );
    const hint405 = await hintFor(panel, api.url('/api/items'));
    expect(hint405).toMatch(/This package can relax it: turn on “Answer preflights”/);

    expect((await fetchFromPage(page, api.url('/api/moved'), put)).ok).toBe(false);
    expect((await verdicts.waitFor(api.url('/api/moved'))).corsError).toBe(
      'PreflightDisallowedRedirect',
    );
    expect(await hintFor(panel, api.url('/api/moved'))).toMatch(/turn on “Answer preflights”/);

    expect((await fetchFromPage(page, api.url('/api/plain'))).ok).toBe(false);
    await panel.waitFor(
      (u) =>
        [...document.querySelectorAll<HTMLElement>('[role=option]')].some((r) => r.title === u),
      api.url('/api/plain'),
      30_000,
    );
    await panel.evaluate((u) => {
      [...document.querySelectorAll<HTMLElement>('[role=option]')]
        .find((r) => r.title === u)!
        .click();
    }, api.url('/api/plain'));
    // The detail follows the selection: the hint of the redirected preflight goes away.
    await panel.waitFor(
      (u) =>
        document.querySelector<HTMLElement>('[role=option][aria-selected=true]')?.title === u &&
        document.querySelector('.relax-button')?.textContent?.startsWith('Relax CORS for') &&
        !document.querySelector('[data-testid=package-hint]'),
      api.url('/api/plain'),
      30_000,
    );
    await page.close();
  });
});
