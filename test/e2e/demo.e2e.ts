// The demo must fail exactly the way it says it does: each scenario's `expect` is checked against
// Chromium's own verdict, so the README's walkthrough and the panel's fixtures stay true.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemo, PortInUseError, type Demo } from '../../demo/server.mjs';
import scenarios from '../../demo/public/scenarios.json' with { type: 'json' };
import { corsVerdicts, startServer, useBrowser, type CorsVerdicts } from './harness/index.ts';

describe('demo', () => {
  const browser = useBrowser({ extension: false });
  let demo: Demo;
  let page: Page;
  let cors: CorsVerdicts;

  beforeAll(async () => {
    demo = await startDemo({ frontendPort: 0, apiPort: 0 });
    page = await browser.context.newPage();
    cors = await corsVerdicts(page);
    await page.goto(demo.frontendUrl);
    await page.waitForFunction(() => (window as { demo?: { ready: boolean } }).demo?.ready);
  });
  afterAll(async () => {
    await page?.close();
    await demo?.close();
  });

  test.for(scenarios)('$id: Chromium reports $expect', async (scenario) => {
    const row = page.locator(`.scenario[data-id="${scenario.id}"]`);
    await row.getByRole('button').click();
    const outcome = row.locator('output');
    await expect.poll(() => outcome.getAttribute('data-outcome')).not.toBe('pending');

    const verdict = await cors.waitFor(demo.apiUrl + scenario.path);
    expect(verdict.corsError ?? null).toBe(scenario.expect);
    expect(await outcome.getAttribute('data-outcome')).toBe(scenario.expect ? 'blocked' : 'ok');
    if (scenario.expect) expect(await outcome.textContent()).toContain('TypeError');
  });

  test('the API was reached for every simple request, and for every preflight', () => {
    const seen = demo.apiRequests.map((r) => `${r.method} ${r.path}`);
    expect(seen).toContain('GET /api/todos');
    expect(seen).toContain('OPTIONS /api/todos');
    expect(seen).toContain('OPTIONS /broken/preflight-404');
    expect(seen).not.toContain('PUT /broken/preflight-404');
    // The configured endpoint: preflight, then the PUT itself.
    expect(seen).toContain('PUT /ok/todos/1');
    // The credentialed call carried the page's cookie, across ports.
    const me = demo.apiRequests.find((r) => r.path === '/api/me');
    expect(me?.origin).toBe(demo.frontendUrl);
    expect(me?.cookie).toContain('demo_session=1');
  });

  test('"Run all" runs every scenario and summarises', async () => {
    const results = await page.evaluate(() =>
      (
        window as unknown as { demo: { runAll(): Promise<Array<{ outcome: string }>> } }
      ).demo.runAll(),
    );
    const ok = scenarios.filter((s) => s.expect === null).length;
    expect(results.map((r) => r.outcome)).toEqual(
      scenarios.map((s) => (s.expect ? 'blocked' : 'ok')),
    );
    await expect
      .poll(() => page.locator('#summary').textContent())
      .toBe(`${ok} succeeded, ${scenarios.length - ok} blocked`);
  });
});

test('a taken port fails with a message that says what to do', async () => {
  const squatter = await startServer();
  try {
    const failure = startDemo({ frontendPort: 0, apiPort: squatter.port });
    await expect(failure).rejects.toBeInstanceOf(PortInUseError);
    await expect(failure).rejects.toThrow(`Port ${squatter.port} (demo API) is already in use`);
    await expect(failure).rejects.toThrow('--api-port');
  } finally {
    await squatter.close();
  }
});
