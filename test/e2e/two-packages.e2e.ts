// The two Chrome packages side by side in real Chromium: built here from the sources (the store
// build and CORS_LENS_DEBUGGER=1, as `npm run pack` does), both loaded into one browser. Each has its
// own id and name, and tells its pages what it can do: the store package that it cannot answer
// preflights and which package can, the other that it can.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPackage } from '../../scripts/pack.mjs';
import { PREFLIGHT_PACKAGE_NAME } from '../../src/protocol/packages.ts';
import { CHROMIUM_FLAGS, REPO_ROOT } from './harness/browser.ts';
import { chromiumPath } from './harness/chromium-path.ts';

let dir: string;
let context: BrowserContext;

async function workers(ctx: BrowserContext, count: number): Promise<Worker[]> {
  const deadline = Date.now() + 30_000;
  while (ctx.serviceWorkers().length < count) {
    if (Date.now() > deadline) throw new Error('the extensions’ service workers did not start');
    await ctx.waitForEvent('serviceworker', { timeout: 30_000 }).catch(() => undefined);
  }
  return ctx.serviceWorkers();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cors-lens-two-'));
  buildPackage('chrome', { cwd: REPO_ROOT, outDir: join(dir, 'store') });
  buildPackage('chromePreflight', { cwd: REPO_ROOT, outDir: join(dir, 'preflight') });
  // Chromium writes _metadata/ into what it loads: load copies.
  cpSync(join(dir, 'store'), join(dir, 'load-store'), { recursive: true });
  cpSync(join(dir, 'preflight'), join(dir, 'load-preflight'), { recursive: true });
  const both = `${join(dir, 'load-store')},${join(dir, 'load-preflight')}`;
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    headless: true,
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${both}`, `--load-extension=${both}`],
  });
}, 300_000);

afterAll(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CORS Lens and CORS Lens (with preflight answers), installed together', () => {
  test('two ids, two names, and each says what it can do', async () => {
    const sws = await workers(context, 2);
    // The store packages have no test hooks: ask each one the way its own pages do, from its
    // options page, with a runtime message.
    const seen = await Promise.all(
      sws.map(async (sw) => {
        const id = new URL(sw.url()).host;
        const manifest = await sw.evaluate(() => {
          const m = chrome.runtime.getManifest();
          return { name: m.name, debugger: (m.permissions ?? []).includes('debugger') };
        });
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/extension/options/index.html`);
        const caps = (await page.evaluate(() =>
          chrome.runtime.sendMessage({ type: 'getCapabilities' }),
        )) as { ok: boolean; value: Record<string, unknown> };
        await page.close();
        return { id, ...manifest, caps };
      }),
    );
    expect(new Set(seen.map((s) => s.id)).size).toBe(2);
    const store = seen.find((s) => s.name === 'CORS Lens')!;
    const preflight = seen.find((s) => s.name === PREFLIGHT_PACKAGE_NAME)!;
    expect(store).toBeDefined();
    expect(preflight).toBeDefined();
    expect(store.debugger).toBe(false);
    expect(preflight.debugger).toBe(true);
    expect(store.caps.value).toMatchObject({
      answerPreflights: false,
      preflightPackage: PREFLIGHT_PACKAGE_NAME,
    });
    expect(preflight.caps.value).toMatchObject({ answerPreflights: true });
    expect(preflight.caps.value.preflightPackage).toBeUndefined();
  });
});
