/**
 * The proof for a dev-server proxy (Vite, webpack, Angular): the page calls its own dev server,
 * which forwards to an API that sends no CORS headers. Same origin, so no CORS at all: what must
 * hold is that the API's answer reaches the page through the generated config, and only through it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from './backend.ts';
import { fetchFrom, type FetchResult } from './browser.ts';
import { FAILURE_CLASSES, type FailureClass, type PageRequest } from './cases.ts';
import { overrideSnippet, snippetFor, type useStackBrowser } from './prove.ts';
import { freePort, type Running } from './processes.ts';
import { removeWorkDir, workDir, type StackUnderTest } from './stack.ts';

/** The backend's own answer (backend.ts), not a dev server's fallback page or 404 text. */
const API_ANSWER = /^\{"(items":\[1,2,3\]|ok":true)\}$/;

export function proveDevProxy(s: StackUnderTest, env: ReturnType<typeof useStackBrowser>): void {
  describe(s.label, () => {
    let browser: Browser;
    let api: Backend;
    let port: number;
    let page: string;
    let dev: Running | undefined;
    let dir: string | undefined;

    beforeAll(async () => {
      browser = env.browser();
      api = await startBackend();
      port = await freePort();
      page = `http://127.0.0.1:${port}`;
    });
    async function stop(): Promise<void> {
      await dev?.stop();
      dev = undefined;
      if (dir) removeWorkDir(dir);
      dir = undefined;
    }
    afterAll(async () => {
      await stop();
      await api?.close();
    });

    async function start(snippet: string): Promise<Running> {
      await stop();
      dir = workDir(s.stack, s.home);
      dev = await s.start(snippet, port, dir);
      return dev;
    }

    /** The requests from the dev server's own page, at `prefix` + the class's path. */
    const fromPage = (classes: readonly FailureClass[], prefix = ''): Promise<FetchResult[]> =>
      fetchFrom(
        browser,
        page,
        page + prefix,
        classes.map((c) => c.request),
      );

    function expectAnswered(
      results: FetchResult[],
      classes: readonly FailureClass[],
      code: string,
    ) {
      results.forEach((r, i) => {
        const c = classes[i]!;
        const why = `${c.name}: ${r.error ?? ''} ${r.status ?? ''} ${r.body ?? ''}\n${code}\n${dev!.output()}`;
        expect(r.ok, why).toBe(true);
        expect(r.status, why).toBe(200);
        expect(r.body, why).toMatch(API_ANSWER);
        if (c.request.reads) expect(r.read, why).toBe('3');
      });
    }

    function expectNotAnswered(results: FetchResult[], classes: readonly FailureClass[]) {
      results.forEach((r, i) =>
        expect(r.ok && API_ANSWER.test(r.body ?? ''), classes[i]!.name).toBe(false),
      );
    }

    it(`is installed: ${s.versions()}`, () => expect(s.versions()).toMatch(/\d/));

    it('unconfigured: the API blocks the page, and the dev server does not answer for it', async () => {
      await start('');
      // Cross-origin, the API's missing CORS headers block every class...
      const direct = await fetchFrom(
        browser,
        page,
        api.origin,
        FAILURE_CLASSES.map((c) => c.request),
      );
      direct.forEach((r, i) => expect(r.ok, `${FAILURE_CLASSES[i]!.name} direct`).toBe(false));
      // ...and without the proxy the page's own origin has no API behind /api.
      expectNotAnswered(await fromPage(FAILURE_CLASSES), FAILURE_CLASSES);
    });

    it('every class reaches the API through the generated proxy, on the page’s own origin', async () => {
      const groups = new Map<string, FailureClass[]>();
      for (const c of FAILURE_CLASSES) {
        const code = snippetFor(s, c, page, api.origin);
        groups.set(code, [...(groups.get(code) ?? []), c]);
      }
      for (const [code, classes] of groups) {
        await start(code);
        expectAnswered(await fromPage(classes), classes, code);
      }
    });

    it('the config made from an override (prefix stripped) lets every class but the redirect through', async () => {
      const code = overrideSnippet(s, page, api.origin);
      // The override knows the API's origin, not a path: the proxy mounts /api and strips it.
      const classes = FAILURE_CLASSES.filter((c) => !isRedirect(c.request));
      await start(code);
      expectAnswered(await fromPage(classes, '/api'), classes, code);
      // What the fix's redirect note warns of, measured: the followed Location misses the API.
      const redirect = FAILURE_CLASSES.filter((c) => isRedirect(c.request));
      expect(redirect).toHaveLength(1);
      expectNotAnswered(await fromPage(redirect, '/api'), redirect);
    });

    it('the pasted snippet is what opens it: aimed at another port, the page gets no API answer', async () => {
      const code = snippetFor(s, FAILURE_CLASSES[0]!, page, api.origin);
      const apiPort = new URL(api.origin).port;
      const elsewhere = code.replace(new RegExp(`:${apiPort}(?!\\d)`, 'g'), ':1');
      expect(elsewhere).not.toBe(code);
      await start(elsewhere);
      expectNotAnswered(await fromPage(FAILURE_CLASSES), FAILURE_CLASSES);
    });
  });
}

/**
 * The app redirects to `/api/items`, an absolute path: behind a proxy that strips `/api`, the
 * browser follows it to the dev server's `/api/items`, which the proxy sends to the API's `/items`
 * (the fix's notes say so). That is the app's path, not CORS; the classes' own snippets (no
 * stripping) prove the redirect.
 */
const isRedirect = (r: PageRequest) => r.path === '/api/old';
