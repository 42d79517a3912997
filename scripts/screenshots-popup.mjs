#!/usr/bin/env node
// Screenshots of the popup and the options page for docs/, from a real run: Debian's Chromium with
// the test build, a loopback dev site relaxed through the extension's own messages, a blocked then
// relaxed request, and a preflight that taught the override a header.
//
//   npm run build:test && node scripts/screenshots-popup.mjs [--out docs]
//
// Writes docs/popup.png and docs/options.png. Look at them after a UI change: the script only
// takes them.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const harness = await import('../test/e2e/harness/index.ts');
const { CorsLensDriver } = await import('../test/e2e/overrides-driver.ts');

const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'docs');
mkdirSync(outDir, { recursive: true });

// The API sends no CORS headers at all: the unconfigured server of a fresh project.
// The demo's ports, so the pictures tell the README's story; any free port if they are taken.
const onPort = async (port, start) => start({ port }).catch(() => start({}));
const api = await onPort(3000, (opts) =>
  harness.startServer(
    { '*': { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' } },
    opts,
  ),
);
const site = await onPort(5173, (opts) => harness.createFrontend(opts));
const browser = await harness.launchBrowser();
// tsx wraps functions in `__name(...)`; functions sent to a page need the helper there too.
await browser.context.addInitScript('globalThis.__name ??= (fn) => fn;');
try {
  const driver = new CorsLensDriver(browser);
  const page = await browser.newPage();
  await site.open(page);
  const call = (init) => harness.fetchFromPage(page, api.url(`/api/items?${Math.random()}`), init);
  await call({ credentials: 'include' }); // blocked: shows up as a failure first
  await driver.relax(page, { duration: 60 });
  await call({ credentials: 'include' });
  await call({
    method: 'PUT',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': '42' },
    body: '{}',
  });
  await page.waitForTimeout(500);
  await call({
    method: 'PUT',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': '43' },
    body: '{}',
  });

  const popup = await driver.popupFor(page);
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.waitForTimeout(400);
  await popup.screenshot({ path: join(outDir, 'popup.png'), fullPage: true });

  const options = await browser.openExtensionPage('extension/options/index.html');
  await options.setViewportSize({ width: 1000, height: 720 });
  await options.waitForTimeout(400);
  await options.screenshot({ path: join(outDir, 'options.png'), fullPage: true });
  console.log(`wrote ${join(outDir, 'popup.png')} and ${join(outDir, 'options.png')}`);
} finally {
  await browser.close();
  await api.close();
  await site.close();
}
