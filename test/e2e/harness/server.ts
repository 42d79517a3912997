// Loopback HTTP servers for end-to-end tests: exact control over status and header lines (repeats,
// order, case), separate answers for preflights, redirects, delays; every request is recorded so a
// test can assert what the browser sent, and whether the server was reached at all.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/** One header line. Order and repeats are kept: duplicate `Access-Control-Allow-Origin` lines matter. */
export interface HeaderLine {
  name: string;
  value: string;
}

/**
 * Header lines to send: `[['Access-Control-Allow-Origin', 'x'], ['Vary', 'Origin']]` (each pair is
 * one line, repeats allowed), or `{ 'Access-Control-Allow-Origin': 'x', Vary: ['Origin', 'Cookie'] }`
 * (an array value gives one line per element).
 */
export type HeaderSpec =
  ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | readonly string[]>>;

/** What the server answers to one request. */
export interface Answer {
  /** Default 200, or 302 when `redirect` is set. */
  status?: number;
  headers?: HeaderSpec;
  /** Default empty. Sent as `text/plain` unless `headers` name a Content-Type. */
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Adds `Location: <redirect>`. */
  redirect?: string;
}

export type AnswerFn = (request: RecordedRequest) => Answer | Promise<Answer>;

/**
 * A route answers every method with its own fields. `preflight` overrides the answer to `OPTIONS`
 * (without it, OPTIONS gets the same answer as the other methods). A `'GET /path'` key that has no
 * `'/path'` or `'OPTIONS /path'` sibling leaves OPTIONS unrouted: 404, the classic broken preflight.
 */
export interface Route extends Answer {
  preflight?: Answer | AnswerFn;
}

/**
 * Keys: `'/path'` (any method), `'METHOD /path'` (wins over `'/path'`), `'*'` (anything else).
 * Paths match exactly, without the query string. Unmatched requests get 404 with no headers.
 */
export type Routes = Record<string, Route | AnswerFn>;

/** Full control: write the response yourself (the request is already recorded, body read). */
export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  recorded: RecordedRequest,
) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent on the request line. */
  url: string;
  /** Path without the query. */
  path: string;
  /** Header lines as received (raw names, order and repeats kept). */
  headers: HeaderLine[];
  body: string;
  /** Value of the first header line with this name (case-insensitive). */
  header(name: string): string | undefined;
}

export interface TestServer {
  port: number;
  /** `http://localhost:PORT`. Chromium resolves `localhost` and `*.localhost` to loopback itself. */
  origin: string;
  /** `http://HOST:PORT` for another host name of the same server, e.g. `127.0.0.1`, `api.localhost`. */
  originFor(host: string): string;
  /** `http://localhost:PORT/path` (or on `host`). */
  url(path?: string, host?: string): string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Requests to this path (and method, if given). */
  hits(path: string, method?: string): RecordedRequest[];
  /** Add or replace a route while the server runs. */
  route(key: string, route: Route | AnswerFn): void;
  /** Forget recorded requests. */
  clear(): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Default 0: a free port. */
  port?: number;
}

function headerPairs(spec: HeaderSpec | undefined): Array<[string, string]> {
  if (!spec) return [];
  if (Array.isArray(spec)) return spec.map(([name, value]) => [name, value]);
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec as Record<string, string | string[]>)) {
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  }
  return pairs;
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: HeaderLine[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push({ name: req.rawHeaders[i]!, value: req.rawHeaders[i + 1]! });
  }
  const url = req.url ?? '/';
  return {
    method: req.method ?? 'GET',
    url,
    path: url.split('?')[0]!,
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
    header: (name) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value,
  };
}

async function resolveAnswer(routes: Routes, request: RecordedRequest): Promise<Answer> {
  const exact = routes[`${request.method} ${request.path}`];
  if (exact) return typeof exact === 'function' ? exact(request) : exact;
  const route = routes[request.path] ?? routes['*'];
  if (!route) return { status: 404, body: 'not found' };
  if (typeof route === 'function') return route(request);
  if (request.method === 'OPTIONS' && route.preflight) {
    return typeof route.preflight === 'function' ? route.preflight(request) : route.preflight;
  }
  return route;
}

async function sendAnswer(res: ServerResponse, answer: Answer): Promise<void> {
  if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
  const status = answer.status ?? (answer.redirect ? 302 : 200);
  const pairs = headerPairs(answer.headers);
  if (answer.redirect) pairs.push(['Location', answer.redirect]);
  const hasBody = status !== 204 && status !== 304;
  if (hasBody && !pairs.some(([name]) => name.toLowerCase() === 'content-type')) {
    pairs.push(['Content-Type', 'text/plain; charset=utf-8']);
  }
  // The flat [name, value, name, value…] form writes each pair as its own line, repeats included.
  res.writeHead(status, pairs.flat());
  res.end(hasBody ? (answer.body ?? '') : undefined);
}

/** Start a server on a free port of 127.0.0.1. Pass routes, or one raw handler for full control. */
export async function startServer(
  routesOrHandler: Routes | RawHandler = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  const routes: Routes = typeof routesOrHandler === 'function' ? {} : { ...routesOrHandler };
  const raw = typeof routesOrHandler === 'function' ? routesOrHandler : undefined;
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    void (async () => {
      const recorded = await record(req);
      requests.push(recorded);
      if (raw) await raw(req, res, recorded);
      else await sendAnswer(res, await resolveAnswer(routes, recorded));
    })().catch((error: unknown) => {
      // A broken route is a test bug: answer 500 so the test sees it, and say why on stderr.
      console.error('test server route failed:', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const originFor = (host: string) => `http://${host}:${port}`;

  return {
    port,
    origin: originFor('localhost'),
    originFor,
    url: (path = '/', host = 'localhost') => originFor(host) + path,
    requests,
    hits: (path, method) =>
      requests.filter((r) => r.path === path && (!method || r.method === method.toUpperCase())),
    route: (key, route) => {
      routes[key] = route;
    },
    clear: () => {
      requests.length = 0;
    },
    close: async () => {
      // Browsers keep connections alive; without this, close() waits for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Frontend extends TestServer {
  /** Navigate `page` to this frontend's page and wait for it to load. */
  open(page: Page, path?: string): Promise<void>;
}

/** An empty HTML page on its own origin, from which tests run `fetchFromPage`/`xhrFromPage`. */
export async function createFrontend(
  options: ServerOptions & { host?: string; html?: string } = {},
): Promise<Frontend> {
  const html =
    options.html ??
    '<!doctype html><html><head><meta charset="utf-8"><title>frontend</title>' +
      // An empty icon: otherwise every page load adds a /favicon.ico request to the logs.
      '<link rel="icon" href="data:,"></head><body></body></html>';
  const server = await startServer(
    { '/': { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html } },
    options,
  );
  const host = options.host ?? 'localhost';
  return {
    ...server,
    origin: server.originFor(host),
    url: (path = '/', h = host) => server.url(path, h),
    open: async (page, path = '/') => {
      await page.goto(server.url(path, host));
    },
  };
}
