// "Make it permanent", end to end: an override in the built extension, its options page showing
// "Server fix for what this override does", and that very text pasted into a real Express app,
// which then lets the page through in a browser without the extension (and nobody else).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nodeStacks } from '../stacks/apps/node.ts';
import {
  fetchFrom,
  launchChromium,
  startPageOrigins,
  type PageOrigins,
} from '../stacks/harness/browser.ts';
import { FAILURE_CLASSES } from '../stacks/harness/cases.ts';
import { freePort } from '../stacks/harness/processes.ts';
import { workDir } from '../stacks/harness/stack.ts';
import { useBrowser } from './harness/index.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser();
let pages: PageOrigins;

beforeAll(async () => {
  pages = await startPageOrigins();
});
afterAll(async () => {
  await pages?.close();
});

it('the options page shows the server config for an override, and pasted into Express it works', async () => {
  const lens = new CorsLensDriver(browser);
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const site = await browser.newPage();
  await site.goto(pages.allowed + '/');
  const created = await lens.relax(site, { apiOrigins: [api] });
  await lens.call('updateOverride', {
    id: created.id,
    patch: {
      credentials: true,
      exposeHeaders: ['X-Total-Count'],
      learned: { methods: ['PATCH'], requestHeaders: ['x-request-id'] },
    },
  });

  const options = await browser.openExtensionPage('extension/options/index.html');
  const card = options.getByRole('article').filter({ hasText: pages.allowed });
  await card.getByText('Server fix for what this override does').click();
  const view = card.getByRole('region', { name: 'Server fix for what this override does' });
  await expect.poll(() => view.getByRole('combobox').first().inputValue()).toBe('express');
  const esm = await view.getByLabel('Express (cors middleware) configuration').textContent();
  const cjs = await view
    .getByRole('region', { name: 'Express (cors middleware), CommonJS (require)' })
    .locator('pre')
    .textContent();
  expect(esm).toContain(`origin: ['${pages.allowed}']`);
  expect(esm).toContain("import cors from 'cors';");
  expect(cjs).toContain("const cors = require('cors');");
  expect(esm).toContain('credentials: true');
  expect(esm).toContain("'x-request-id'");
  expect(esm).toContain("exposedHeaders: ['x-total-count']");

  // The popup of the relaxed tab shows the same config.
  const popup = await lens.popupFor(site);
  await popup.getByText('Server fix for what this override does').click();
  const inPopup = popup.getByRole('region', { name: 'Server fix for what this override does' });
  expect(await inPopup.getByLabel('Express (cors middleware) configuration').textContent()).toBe(
    esm,
  );

  // Another stack from the picker: the view re-renders from the same override.
  await view.getByRole('combobox').first().selectOption('flask');
  await expect
    .poll(() => view.getByLabel('Flask (flask-cors) configuration').textContent())
    .toContain('supports_credentials=True');

  // Paste both forms into a real Express app and check them in a browser without the extension.
  const plain = await launchChromium();
  try {
    for (const [stack, code] of [
      [nodeStacks().find((s) => s.stack === 'express' && s.moduleFormat === 'esm')!, esm!],
      [nodeStacks().find((s) => s.stack === 'express' && s.moduleFormat === 'cjs')!, cjs!],
    ] as const) {
      const app = await stack.start(code, apiPort, workDir('e2e-express'));
      try {
        const requests = FAILURE_CLASSES.map((c) => c.request);
        const allowed = await fetchFrom(plain, pages.allowed, api, requests);
        allowed.forEach((r, i) =>
          expect(r.ok, `${stack.label}: ${FAILURE_CLASSES[i]!.name} ${r.error ?? ''}`).toBe(true),
        );
        expect(allowed.find((_, i) => FAILURE_CLASSES[i]!.request.reads)?.read).toBe('3');
        const other = await fetchFrom(plain, pages.other, api, requests);
        other.forEach((r) => expect(r.ok).toBe(false));
      } finally {
        await app.stop();
      }
    }
  } finally {
    await plain.close();
  }
});
