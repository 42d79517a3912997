#!/usr/bin/env node
// Screenshots of the popup and the options page for docs/, from a real run: Debian's Chromium with
// the test build, a loopback dev site relaxed through the extension's own messages, a blocked then
// relaxed request, and a preflight that taught the override a header.
//
//   npm run build:test && node scripts/screenshots-popup.mjs [--out docs] [--dark] [--extra]
//     [--free-ports]
//
// Writes docs/popup.png, popup-server-fix.png ("Server fix for what this override does" opened in
// the popup) and options.png. --extra also writes options-server-fix.png (the view on an
// override's card, another stack picked), to look at; --dark takes them all in the dark theme (to
// look at, e.g. with --out /tmp/dark); --free-ports does not try the demo's ports. Look at them
// after a UI change: the script only takes them.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const harness = await import('../test/e2e/harness/index.ts');
const { CorsLensDriver } = await import('../test/e2e/overrides-driver.ts');

const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? argv[outIndex + 1] : 'docs');
const colorScheme = argv.includes('--dark') ? 'dark' : 'light';
mkdirSync(outDir, { recursive: true });

// The API sends no CORS headers at all: the unconfigured server of a fresh project.
// The demo's ports, so the pictures tell the README's story; any free port if they are taken.
const onPort = async (port, start) =>
  argv.includes('--free-ports') ? start({}) : start({ port }).catch(() => start({}));
const api = await onPort(3000, (opts) =>
  harness.startServer(
    {
      '*': {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Powered-By': 'Express' },
        body: '{"ok":true}',
      },
    },
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
  const override = await driver.relax(page, { duration: 60, apiOrigins: [api.origin] });
  // Set on the options page: a header the app reads from the responses.
  await driver.call('updateOverride', {
    id: override.id,
    patch: { exposeHeaders: ['X-Total-Count'] },
  });
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
  await popup.emulateMedia({ colorScheme });
  await popup.setViewportSize({ width: 340, height: 640 }); // the popup's own width
  await popup.waitForTimeout(400);
  await popup.screenshot({ path: join(outDir, 'popup.png'), fullPage: true });
  // Opened, and scrolled to, as the user sees it in the popup (Chrome's popups are at most 600 px).
  await popup.setViewportSize({ width: 340, height: 600 });
  await popup.getByText('Server fix for what this override does').click();
  await popup.locator('.server-fix').evaluate((view) => {
    view.scrollIntoView();
    document.scrollingElement.scrollTop -= 8;
  });
  await popup.screenshot({ path: join(outDir, 'popup-server-fix.png') });

  const options = await browser.openExtensionPage('extension/options/index.html');
  await options.emulateMedia({ colorScheme });
  await options.setViewportSize({ width: 1000, height: 720 });
  await options.waitForTimeout(400);
  await options.screenshot({ path: join(outDir, 'options.png'), fullPage: true });
  if (argv.includes('--extra')) {
    const card = options.getByRole('article').filter({ hasText: site.origin });
    await card.getByText('Server fix for what this override does').click();
    const view = card.getByRole('region', { name: 'Server fix for what this override does' });
    await view.getByRole('combobox', { name: 'Stack' }).selectOption('django');
    await card.screenshot({ path: join(outDir, 'options-server-fix.png') });
  }
  console.log(`screenshots written to ${outDir}`);
} finally {
  await browser.close();
  await api.close();
  await site.close();
}
