/**
 * The proof for one stack: measure what the unconfigured app answers, then for every failure
 * class paste the generated snippet, start the app, and check in Chromium that the request passes
 * from the allowed page, stays blocked from another origin, and never gets `*` with credentials.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import {
  adviceForExchange,
  fixForOverride,
  generateFixes,
  UNCONFIGURED_PREFLIGHT,
} from '../../../src/fixes/index.ts';
import {
  fetchFrom,
  fetchFromEach,
  launchChromium,
  startPageOrigins,
  type PageOrigins,
} from './browser.ts';
import { FAILURE_CLASSES, recorded, type FailureClass, type PageRequest } from './cases.ts';
import { freePort, type Running } from './processes.ts';
import { removeWorkDir, workDir, type StackUnderTest } from './stack.ts';

/** The snippet the CLI and panel show for this class on this stack, exactly. */
export function snippetFor(s: StackUnderTest, c: FailureClass, page: string, api: string): string {
  const { exchange, diagnosis } = recorded(c, page, api);
  expect(diagnosis.verdict, c.name).toBe('blocked');
  expect(diagnosis.reason, c.name).toBe(c.reason);
  const fixes = generateFixes(exchange, diagnosis, {
    preferStack: s.stack,
    ...(s.moduleFormat ? { moduleFormat: s.moduleFormat } : {}),
  });
  const fix = fixes.find((f) => f.stack === s.stack);
  if (!fix) throw new Error(`no ${s.stack} fix for ${c.name}`);
  return fix.code;
}

/**
 * What "Server fix for what this override does" shows for an override of `page` that learned what
 * the failure classes use (credentials, Authorization comes with the defaults, X-Request-Id, PATCH,
 * an exposed X-Total-Count).
 */
export function overrideSnippet(s: StackUnderTest, page: string, api: string): string {
  const fix = fixForOverride(
    {
      site: page,
      apiOrigins: [api],
      credentials: true,
      methods: [],
      requestHeaders: [],
      exposeHeaders: ['X-Total-Count'],
      learned: { methods: ['PATCH'], requestHeaders: ['x-request-id'] },
    },
    { stack: s.stack, ...(s.moduleFormat ? { moduleFormat: s.moduleFormat } : {}) },
  );
  if (!fix) throw new Error('no fix for the override');
  return fix.code;
}

/** The CORS headers on the wire for `origin`, read without a browser (Node's fetch sends Origin). */
async function wire(api: string, req: PageRequest, origin: string, preflight: boolean) {
  const res = await fetch(api + req.path, {
    method: preflight ? 'OPTIONS' : req.method,
    redirect: 'manual',
    headers: preflight
      ? {
          Origin: origin,
          'Access-Control-Request-Method': req.method,
          ...(Object.keys(req.headers).length > 0
            ? { 'Access-Control-Request-Headers': Object.keys(req.headers).join(',').toLowerCase() }
            : {}),
        }
      : { Origin: origin, ...req.headers },
    ...(preflight || req.method === 'GET' ? {} : { body: '{"n":1}' }),
  });
  await res.arrayBuffer();
  return {
    headers: [...res.headers].map(([name, value]) => ({ name, value })),
    status: res.status,
    acao: res.headers.get('access-control-allow-origin'),
    acac: res.headers.get('access-control-allow-credentials'),
  };
}

/**
 * Every class fetched from the allowed page passes (200, the app's body, exposed headers read) and
 * from the other page is refused: what a pasted snippet must do.
 */
async function expectOnlyTheAllowedPagePasses(
  browser: Browser,
  pages: PageOrigins,
  app: Running,
  code: string,
  classes: readonly FailureClass[],
): Promise<void> {
  const [allowed, other] = await fetchFromEach(
    browser,
    [pages.allowed, pages.other],
    app.origin,
    classes.map((c) => c.request),
  );
  allowed!.forEach((r, i) => {
    const c = classes[i]!;
    const why = `${c.name} from the allowed page: ${r.error ?? ''}\n${code}\n${app.output()}`;
    expect(r.ok, why).toBe(true);
    expect(r.status, why).toBe(200);
    expect(r.body, why).toMatch(/items|ok/);
    if (c.request.reads) expect(r.read, why).toBe('3');
  });
  other!.forEach((r, i) => expect(r.ok, `${classes[i]!.name} from another origin`).toBe(false));
}

const needsPreflight = (r: PageRequest) =>
  r.method !== 'GET' || Object.keys(r.headers).some((n) => n.toLowerCase() !== 'accept');

/** One Chromium and the two page origins for a whole test file; call once at its top level. */
export function useStackBrowser(): { browser: () => Browser; pages: () => PageOrigins } {
  let browser: Browser | undefined;
  let pages: PageOrigins | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    pages = await startPageOrigins();
  });
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
  });
  return { browser: () => browser!, pages: () => pages! };
}

export function proveStack(s: StackUnderTest, env: ReturnType<typeof useStackBrowser>): void {
  describe(s.label, () => {
    let browser: Browser;
    let pages: PageOrigins;
    let port: number;
    let running: Running | undefined;
    let dir: string | undefined;

    beforeAll(async () => {
      browser = env.browser();
      pages = env.pages();
      port = await freePort();
    });
    async function stop(): Promise<void> {
      await running?.stop();
      running = undefined;
      if (dir) removeWorkDir(dir);
      dir = undefined;
    }
    afterAll(stop);

    async function start(snippet: string): Promise<Running> {
      await stop();
      dir = workDir(s.stack, s.home);
      running = await s.start(snippet, port, dir);
      return running;
    }

    it(`is installed: ${s.versions()}`, () => {
      expect(s.versions()).toMatch(/\d/);
    });

    it('unconfigured: every class is blocked, and the preflight answer is the measured default', async () => {
      const app = await start('');
      const results = await fetchFrom(
        browser,
        pages.allowed,
        app.origin,
        FAILURE_CLASSES.map((c) => c.request),
      );
      results.forEach((r, i) => expect(r.ok, FAILURE_CLASSES[i]!.name).toBe(false));
      const put = FAILURE_CLASSES.find((c) => c.name === 'preflight 404 with no CORS')!.request;
      const pre = await wire(app.origin, put, pages.allowed, true);
      expect(pre.acao).toBeNull();
      if (!s.frontsAnApp) {
        const claimed = UNCONFIGURED_PREFLIGHT[s.stack];
        expect(claimed, 'src/fixes/unconfigured.ts lists this stack').toBeDefined();
        expect(pre.status, `${s.label} unconfigured preflight`).toBe(claimed!.status);
        // The diagnosis of that very answer names the default when it is a 404/405.
        const c = FAILURE_CLASSES.find((x) => x.name === 'preflight 404 with no CORS')!;
        const measured = c.exchange(pages.allowed, app.origin);
        measured.legs[0]!.preflight!.response = { status: pre.status, headers: pre.headers };
        const advice = adviceForExchange(measured, diagnose(measured)).join('\n');
        if (pre.status === 404 || pre.status === 405) {
          // Named as the detected stack's default, or in the list of stacks answering that way.
          expect(advice).toMatch(
            new RegExp(`${claimed!.name} (answers a preflight|\\(until )`.replace(/\./g, '\\.')),
          );
          expect(advice).toContain(claimed!.library);
        }
      }
    });

    // Classes whose snippets are identical share one server start.
    const groups = new Map<string, FailureClass[]>();
    it('groups the classes by generated snippet', () => {
      const api = `http://127.0.0.1:${port}`;
      for (const c of FAILURE_CLASSES) {
        const code = snippetFor(s, c, pages.allowed, api);
        groups.set(code, [...(groups.get(code) ?? []), c]);
      }
      expect(groups.size).toBeGreaterThan(1);
    });

    it('each snippet makes its classes pass from the allowed page, only there, never * with credentials', async () => {
      expect(groups.size).toBeGreaterThan(0);
      for (const [code, classes] of groups) {
        const names = classes.map((c) => c.name).join(', ');
        const app = await start(code);
        await expectOnlyTheAllowedPagePasses(browser, pages, app, code, classes);
        for (const c of classes) {
          for (const preflight of needsPreflight(c.request) ? [true, false] : [false]) {
            const w = await wire(app.origin, c.request, pages.allowed, preflight);
            expect(w.acao, `${names}: echoed origin`).toBe(pages.allowed);
            if (c.request.credentials === 'include') expect(w.acac).toBe('true');
            const o = await wire(app.origin, c.request, pages.other, preflight);
            expect([null, ''].includes(o.acao) || o.acao === pages.allowed, `${names}: other`).toBe(
              true,
            );
            expect(o.acao).not.toBe('*');
          }
        }
      }
    });

    it('the config made from an override (fixForOverride) lets every class through, only there', async () => {
      const api = `http://127.0.0.1:${port}`;
      const code = overrideSnippet(s, pages.allowed, api);
      const app = await start(code);
      await expectOnlyTheAllowedPagePasses(browser, pages, app, code, FAILURE_CLASSES);
    });

    it('the pasted snippet is what opens it: with another origin in it, the page stays blocked', async () => {
      const [code, classes] = [...groups].find(([, cs]) =>
        cs.some((c) => c.request.credentials === 'include'),
      )!;
      const pagePort = new URL(pages.allowed).port;
      const elsewhere = code.replace(new RegExp(`:${pagePort}(?!\\d)`, 'g'), ':1');
      expect(elsewhere).not.toBe(code);
      const app = await start(elsewhere);
      const results = await fetchFrom(
        browser,
        pages.allowed,
        app.origin,
        classes.map((c) => c.request),
      );
      results.forEach((r, i) => expect(r.ok, classes[i]!.name).toBe(false));
    });
  });
}
