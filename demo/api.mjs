// The demo API on http://localhost:3000. /api/* is an ordinary app that knows nothing about CORS;
// /broken/* are the classic misconfigurations; /ok/* is set up correctly, for contrast.

const todos = [
  { id: 1, title: 'Read why the request was blocked', done: false },
  { id: 2, title: 'Paste the fix into the server', done: false },
];

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Array<[string, string]>} headers one pair per header line (repeats allowed)
 * @param {unknown} [body] sent as JSON
 */
function send(res, status, headers, body) {
  const lines = [...headers];
  if (body !== undefined) lines.push(['Content-Type', 'application/json']);
  // The flat [name, value, …] form keeps repeated lines: the duplicate-origin case needs that.
  res.writeHead(status, lines.flat());
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * @param {{ frontendOrigin: string, otherOrigin: string, ownAltOrigin: string }} config
 *   frontendOrigin: the demo page's origin (the only one /ok/* allows); otherOrigin: a
 *   "hard-coded dev port" origin for the wrong-origin case; ownAltOrigin: this API under another
 *   host name (127.0.0.1), the target of the cross-origin redirect.
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createApiHandler({ frontendOrigin, otherOrigin, ownAltOrigin }) {
  return (req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    const origin = req.headers.origin ?? '';
    const cookie = req.headers.cookie ?? '';

    switch (path) {
      // --- An API without any CORS headers (what most backends look like on day one) ---
      case '/api/todos':
        if (method === 'GET') return send(res, 200, [], todos);
        if (method === 'POST') return send(res, 201, [], { id: todos.length + 1, done: false });
        // Frameworks answer OPTIONS with the allowed methods, and no CORS headers.
        if (method === 'OPTIONS') return send(res, 204, [['Allow', 'GET, POST, OPTIONS']]);
        return send(res, 405, [['Allow', 'GET, POST, OPTIONS']], { error: 'method not allowed' });
      case '/api/todos/1':
        if (method === 'PUT') return send(res, 200, [], { ...todos[0], done: true });
        if (method === 'OPTIONS') return send(res, 204, [['Allow', 'PUT, OPTIONS']]);
        return send(res, 405, [['Allow', 'PUT, OPTIONS']], { error: 'method not allowed' });
      case '/api/me':
        return send(res, 200, [], { user: cookie.includes('demo_session=') ? 'demo' : null });

      // --- Classic misconfigurations ---
      case '/broken/preflight-404': {
        // A global middleware adds CORS headers to every response, but only PUT is routed.
        const middleware = /** @type {Array<[string, string]>} */ ([
          ['Access-Control-Allow-Origin', origin],
          ['Access-Control-Allow-Methods', 'PUT'],
          ['Access-Control-Allow-Headers', 'Content-Type'],
        ]);
        if (method === 'PUT') return send(res, 200, middleware, { saved: true });
        return send(res, 404, middleware, { error: 'not found' });
      }
      case '/broken/wildcard':
        return send(res, 200, [['Access-Control-Allow-Origin', '*']], { user: 'demo' });
      case '/broken/wrong-origin':
        return send(res, 200, [['Access-Control-Allow-Origin', otherOrigin]], todos);
      case '/broken/missing-header': {
        const allow = /** @type {Array<[string, string]>} */ ([
          ['Access-Control-Allow-Origin', origin],
        ]);
        if (method === 'OPTIONS') {
          return send(res, 204, [
            ...allow,
            ['Access-Control-Allow-Methods', 'POST'],
            ['Access-Control-Allow-Headers', 'Content-Type'],
          ]);
        }
        return send(res, 200, allow, { ok: true });
      }
      case '/broken/duplicate-origin':
        // The app sets it, and the reverse proxy in front adds it again.
        return send(
          res,
          200,
          [
            ['Access-Control-Allow-Origin', frontendOrigin],
            ['Access-Control-Allow-Origin', frontendOrigin],
          ],
          todos,
        );
      case '/broken/redirect':
        return send(res, 302, [
          ['Access-Control-Allow-Origin', origin],
          ['Location', `${ownAltOrigin}/moved/todos`],
        ]);
      case '/moved/todos':
        // Allows the page's origin, but after a cross-origin redirect the browser sent `null`.
        return send(res, 200, [['Access-Control-Allow-Origin', frontendOrigin]], todos);

      // --- Correctly configured, for contrast ---
      case '/ok/todos/1': {
        if (origin !== frontendOrigin)
          return send(res, 403, [['Vary', 'Origin']], { error: 'origin' });
        const cors = /** @type {Array<[string, string]>} */ ([
          ['Access-Control-Allow-Origin', origin],
          ['Access-Control-Allow-Credentials', 'true'],
          ['Vary', 'Origin'],
        ]);
        if (method === 'OPTIONS') {
          return send(res, 204, [
            ...cors,
            ['Access-Control-Allow-Methods', 'GET, PUT, DELETE'],
            ['Access-Control-Allow-Headers', 'Authorization, Content-Type'],
            ['Access-Control-Max-Age', '600'],
          ]);
        }
        return send(res, 200, cors, { ...todos[0], done: true });
      }
      default:
        return send(res, 404, [], { error: 'not found' });
    }
  };
}
