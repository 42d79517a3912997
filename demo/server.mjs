#!/usr/bin/env node
// The CORS Lens demo: a frontend on http://localhost:5173 calling an API on http://localhost:3000
// that fails in the classic ways. Node's http module only, no dependencies, no build step.
//
//   node demo/server.mjs [--frontend-port 5173] [--api-port 3000] [--quiet]
//   (or DEMO_FRONTEND_PORT / DEMO_API_PORT)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApiHandler } from './api.mjs';

export const DEFAULT_FRONTEND_PORT = 5173;
export const DEFAULT_API_PORT = 3000;

const PUBLIC = new URL('./public/', import.meta.url);
// A fixed list: nothing outside demo/public can be served, whatever the URL says.
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/scenarios.json': ['scenarios.json', 'application/json'],
};

export class PortInUseError extends Error {
  /** @param {string} what @param {number} port @param {string} flag */
  constructor(what, port, flag) {
    super(
      `Port ${port} (${what}) is already in use — is another dev server running? ` +
        `Stop it, or pick another port: ${flag} ${port + 1}`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * @param {http.RequestListener} handler
 * @param {string} host
 * @param {number} port
 * @returns {Promise<http.Server>}
 */
function listen(handler, host, port) {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * Listen on 127.0.0.1 and, when the machine has IPv6, on ::1 with the same port. Browsers may try
 * `localhost` on ::1 first: a port free on 127.0.0.1 but taken on ::1 (say, by a Vite dev server)
 * would silently send the demo's requests elsewhere, so both must be ours.
 * @param {http.RequestListener} handler
 * @param {number} port 0 for any free port
 * @param {string} what
 * @param {string} flag
 */
async function listenLoopback(handler, port, what, flag) {
  /** @type {http.Server[]} */
  const servers = [];
  try {
    const v4 = await listen(handler, '127.0.0.1', port);
    servers.push(v4);
    const actual = /** @type {import('node:net').AddressInfo} */ (v4.address()).port;
    try {
      servers.push(await listen(handler, '::1', actual));
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      // No IPv6 loopback here: 127.0.0.1 alone is what the browser will reach.
      const noIpv6 = code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT';
      // A random port (0) that happens to be taken on ::1 is not the user's problem: keep v4 only.
      if (!noIpv6 && !(code === 'EADDRINUSE' && port === 0)) throw error;
    }
    return { servers, port: actual };
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE') {
      throw new PortInUseError(what, port, flag);
    }
    throw error;
  }
}

/**
 * @param {{ apiBase: string }} config
 * @returns {http.RequestListener}
 */
function frontendHandler({ apiBase }) {
  return (req, res) => {
    const path = /** @type {keyof typeof FILES} */ ((req.url ?? '/').split('?')[0]);
    if (path === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ apiBase }));
      return;
    }
    const file = FILES[path];
    if (!file || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-store' });
    res.end(readFileSync(new URL(file[0], PUBLIC)));
  };
}

/**
 * Start the frontend and the API.
 * @param {{ frontendPort?: number, apiPort?: number, log?: (line: string) => void }} [options]
 *   ports: 0 picks free ones; log: receives one line per API request.
 */
export async function startDemo(options = {}) {
  const log = options.log ?? (() => {});
  /** @type {Array<{ method: string, path: string, status: number, origin: string, cookie: string }>} */
  const apiRequests = [];
  /** @type {http.RequestListener} */
  let apiHandler = () => {};

  // The frontend's origin is known once it listens; the API needs it for its allow-list.
  const api = await listenLoopback(
    (req, res) => apiHandler(req, res),
    options.apiPort ?? DEFAULT_API_PORT,
    'demo API',
    '--api-port',
  );
  const apiBase = `http://localhost:${api.port}`;
  /** @type {{ servers: http.Server[], port: number }} */
  let frontend;
  try {
    frontend = await listenLoopback(
      frontendHandler({ apiBase }),
      options.frontendPort ?? DEFAULT_FRONTEND_PORT,
      'demo frontend',
      '--frontend-port',
    );
  } catch (error) {
    await closeAll(api.servers);
    throw error;
  }
  const frontendUrl = `http://localhost:${frontend.port}`;
  const handle = createApiHandler({
    frontendOrigin: frontendUrl,
    otherOrigin: 'http://localhost:3001',
    ownAltOrigin: `http://127.0.0.1:${api.port}`,
  });
  apiHandler = (req, res) => {
    res.on('finish', () => {
      const entry = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: res.statusCode,
        origin: req.headers.origin ?? '',
        cookie: req.headers.cookie ?? '',
      };
      apiRequests.push(entry);
      log(`API  ${entry.method.padEnd(7)} ${entry.path} → ${entry.status}`);
    });
    handle(req, res);
  };

  return {
    frontendUrl,
    apiUrl: apiBase,
    frontendPort: frontend.port,
    apiPort: api.port,
    /** Every API request answered so far. */
    apiRequests,
    close: () => closeAll([...api.servers, ...frontend.servers]),
  };
}

/** @param {http.Server[]} servers */
async function closeAll(servers) {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
}

/** @param {string | undefined} value @param {string} name */
function portOption(value, name) {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

/** Parse the demo's port options from argv and the environment. */
export function demoPortsFrom(/** @type {Record<string, unknown>} */ values) {
  return {
    frontendPort:
      portOption(/** @type {string | undefined} */ (values['frontend-port']), '--frontend-port') ??
      portOption(process.env.DEMO_FRONTEND_PORT, 'DEMO_FRONTEND_PORT'),
    apiPort:
      portOption(/** @type {string | undefined} */ (values['api-port']), '--api-port') ??
      portOption(process.env.DEMO_API_PORT, 'DEMO_API_PORT'),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      'frontend-port': { type: 'string' },
      'api-port': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const demo = await startDemo({
    ...demoPortsFrom(values),
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  console.log(`demo frontend  ${demo.frontendUrl}`);
  console.log(`demo API       ${demo.apiUrl}`);
  console.log('Open the frontend with CORS Lens installed and DevTools open. Ctrl-C stops.');
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
