/**
 * Dev-server proxies: the page calls its own dev server, which forwards to an API that sends no
 * CORS headers. Proven with Vite (a dependency of this project) running the generated config.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from './harness/backend.ts';
import {
  fetchFrom,
  launchChromium,
  startPageOrigins,
  type PageOrigins,
} from './harness/browser.ts';
import { FAILURE_CLASSES } from './harness/cases.ts';
import { snippetFor } from './harness/prove.ts';
import { freePort, startProcess, type Running } from './harness/processes.ts';
import { packageVersion, REPO_ROOT, workDir, type StackUnderTest } from './harness/stack.ts';

const vite: StackUnderTest = {
  stack: 'vite-proxy',
  label: 'vite dev server proxy',
  versions: () => packageVersion('vite'),
  start: (snippet, port, dir) => {
    writeFileSync(join(dir, 'vite.config.ts'), snippet);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    return startProcess({
      cmd: process.execPath,
      args: [
        resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
        '--config',
        join(dir, 'vite.config.ts'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
        '--clearScreen',
        'false',
      ],
      cwd: dir,
      port,
    });
  },
};

describe(vite.label, () => {
  let browser: Browser;
  let pages: PageOrigins;
  let api: Backend;
  let dev: Running | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    pages = await startPageOrigins();
    api = await startBackend();
  });
  afterAll(async () => {
    await dev?.stop();
    await api?.close();
    await pages?.close();
    await browser?.close();
  });

  it(`is installed: ${vite.versions()}`, () => expect(vite.versions()).toMatch(/\d/));

  it('every class passes through the generated proxy; the API itself stays closed to other origins', async () => {
    const port = await freePort();
    const page = `http://127.0.0.1:${port}`;
    const groups = new Map<string, typeof FAILURE_CLASSES>();
    for (const c of FAILURE_CLASSES) {
      const code = snippetFor(vite, c, page, api.origin);
      groups.set(code, [...(groups.get(code) ?? []), c]);
    }
    for (const [code, classes] of groups) {
      await dev?.stop();
      dev = await vite.start(code, port, workDir('vite'));
      // The page calls its own origin: the proxy's prefix, same path.
      const results = await fetchFrom(
        browser,
        page,
        page,
        classes.map((c) => c.request),
      );
      results.forEach((r, i) => {
        const why = `${classes[i]!.name}: ${r.error ?? ''}\n${code}\n${dev!.output()}`;
        expect(r.ok, why).toBe(true);
        expect(r.body, why).toMatch(/items|ok/);
        if (classes[i]!.request.reads) expect(r.read, why).toBe('3');
      });
      const direct = await fetchFrom(
        browser,
        pages.other,
        api.origin,
        classes.map((c) => c.request),
      );
      direct.forEach((r, i) => expect(r.ok, `${classes[i]!.name} direct`).toBe(false));
    }
  });
});
