/**
 * The app behind nginx, Apache and Caddy: the suite's routes with no CORS at all, as an
 * unconfigured upstream sends them. In-process, one per front-server start.
 */
import { createServer } from 'node:http';

export interface Backend {
  origin: string;
  close(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const srv = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/items' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Total-Count': '3' });
      res.end('{"items":[1,2,3]}');
    } else if (path === '/api/items' && ['PUT', 'PATCH', 'POST'].includes(req.method ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    } else if (path === '/api/old' && req.method === 'GET') {
      res.writeHead(302, { Location: '/api/items' }).end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  srv.keepAliveTimeout = 1000;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(srv.address() as { port: number }).port}`,
    close: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}
