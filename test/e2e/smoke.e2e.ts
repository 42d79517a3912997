// The built extension in real Chromium: it loads, its worker runs, its pages render cleanly, and
// Chromium blocks the demo's unconfigured API, which is what the panel is there to explain.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDemo, type Demo } from '../../demo/server.mjs';
import { corsVerdicts, fetchFromPage, pageErrors, useBrowser } from './harness/index.ts';

const browser = useBrowser();

interface Manifest {
  name: string;
  action: { default_popup: string };
  options_ui: { page: string };
}

test('the service worker starts and runs the built manifest', async () => {
  const sw = await browser.serviceWorker();
  const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.name).toBe('CORS Lens');
  expect(manifest.manifest_version).toBe(3);
});

const pages: Array<[string, (manifest: Manifest) => string]> = [
  ['popup', (m) => m.action.default_popup],
  ['options page', (m) => m.options_ui.page],
  ['panel (opened as a tab)', () => 'extension/devtools/panel.html'],
];

test.for(pages)('the %s renders without console errors', async ([, pathIn]) => {
  const sw = await browser.serviceWorker();
  const manifest = await sw.evaluate(() => chrome.runtime.getManifest() as unknown as Manifest);
  const page = await browser.context.newPage();
  try {
    const errors = pageErrors(page);
    await page.goto(browser.extensionUrl(pathIn(manifest)));
    // Every page renders into #app; something visible must appear there.
    await expect.poll(() => page.locator('#app').innerText(), { timeout: 30_000 }).not.toBe('');
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ frontendPort: 0, apiPort: 0 });
});
afterAll(() => demo?.close());

test('a request from the demo frontend to its unconfigured API is blocked', async () => {
  const page = await browser.newPage();
  await page.goto(demo.frontendUrl);
  const cors = await corsVerdicts(page);
  const url = `${demo.apiUrl}/api/todos`;
  const result = await fetchFromPage(page, url);
  expect(result.error).toBe('TypeError: Failed to fetch');
  const verdict = await cors.waitFor(url);
  expect(verdict.corsError).toBe('MissingAllowOriginHeader');
  expect(verdict.status).toBe(200);
  expect(verdict.console.join('\n')).toContain('has been blocked by CORS policy');
});
