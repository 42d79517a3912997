/**
 * Chromium for the stack suite: two loopback page origins (the allowed frontend and another one),
 * and fetch() run in a page, in a fresh browser context per server so no preflight cache carries
 * over between configurations.
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath } from '../../e2e/harness/chromium-path.ts';
import type { PageRequest } from './cases.ts';

export interface FetchResult {
  ok: boolean;
  status?: number;
  body?: string;
  /** The value of `request.reads` as the page sees it (null when not exposed). */
  read?: string | null;
  error?: string;
}

export interface PageOrigins {
  allowed: string;
  other: string;
  close(): Promise<void>;
}

/** Two blank pages on two loopback ports: the frontend the snippet allows, and one it must not. */
export async function startPageOrigins(): Promise<PageOrigins> {
  const servers: Server[] = [];
  const start = async () => {
    const srv = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>page</title>');
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
  };
  const allowed = await start();
  const other = await start();
  return {
    allowed,
    other,
    close: async () => {
      // Browsers keep connections open: drop them, or close() waits for them.
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise((r) => s.close(r));
        }),
      );
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** Runs each request from `pageOrigin` in one fresh context, in order. */
export async function fetchFrom(
  browser: Browser,
  pageOrigin: string,
  url: string,
  requests: readonly PageRequest[],
): Promise<FetchResult[]> {
  const [out] = await fetchFromEach(browser, [pageOrigin], url, requests);
  return out!;
}

/**
 * The same requests from several page origins, one page each, in parallel, in ONE fresh context:
 * Chromium keys its preflight cache by origin, so the pages cannot see each other's results, and
 * nothing is cached from an earlier server on the same port.
 */
export async function fetchFromEach(
  browser: Browser,
  pageOrigins: readonly string[],
  url: string,
  requests: readonly PageRequest[],
): Promise<FetchResult[][]> {
  const context = await browser.newContext();
  try {
    return await Promise.all(pageOrigins.map((origin) => runIn(context, origin, url, requests)));
  } finally {
    await context.close();
  }
}

async function runIn(
  context: BrowserContext,
  pageOrigin: string,
  url: string,
  requests: readonly PageRequest[],
): Promise<FetchResult[]> {
  const page = await context.newPage();
  await page.goto(pageOrigin + '/');
  const out: FetchResult[] = [];
  for (const r of requests) {
    out.push(
      await page.evaluate(
        async ({ url, r }) => {
          try {
            const res = await fetch(url + r.path, {
              method: r.method,
              headers: r.headers,
              credentials: r.credentials,
              ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { body: '{"n":1}' }),
            });
            const body = await res.text();
            return {
              ok: true,
              status: res.status,
              body,
              read: r.reads ? res.headers.get(r.reads) : null,
            };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { url, r },
      ),
    );
  }
  await page.close();
  return out;
}
