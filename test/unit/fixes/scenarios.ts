/** Realistic recorded exchanges (what the HAR reader produces), one per common failure. */
import type { Exchange, Header } from '../../../src/cors/types.ts';
const h = (name: string, value: string): Header => ({ name, value });
const O = 'http://localhost:5173';
export const scenarios: Record<string, Exchange> = {
  missingAcao500: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'http://localhost:3000/api/orders',
          method: 'GET',
          headers: [h('Origin', O), h('Accept', '*/*')],
        },
        response: {
          status: 500,
          headers: [h('X-Powered-By', 'Express'), h('Content-Type', 'text/html')],
        },
      },
    ],
  },
  wildcardWithCredentials: {
    initiatorOrigin: O,
    credentials: 'include',
    legs: [
      {
        request: { url: 'http://localhost:8000/api/me', method: 'GET', headers: [h('Origin', O)] },
        response: {
          status: 200,
          headers: [
            h('Access-Control-Allow-Origin', '*'),
            h('Server', 'WSGIServer/0.2 CPython/3.11.4'),
          ],
        },
      },
    ],
  },
  doubleAcao: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'https://api.example.test/api/items',
          method: 'GET',
          headers: [h('Origin', O)],
        },
        response: {
          status: 200,
          headers: [
            h('Server', 'nginx/1.25.3'),
            h('Access-Control-Allow-Origin', O),
            h('Access-Control-Allow-Origin', O),
          ],
        },
      },
    ],
  },
  preflight401: {
    initiatorOrigin: O,
    credentials: 'include',
    legs: [
      {
        request: {
          url: 'http://localhost:8080/api/items/3',
          method: 'DELETE',
          headers: [h('Origin', O), h('Authorization', 'Bearer x')],
        },
        preflight: {
          request: {
            url: 'http://localhost:8080/api/items/3',
            method: 'OPTIONS',
            headers: [
              h('Origin', O),
              h('Access-Control-Request-Method', 'DELETE'),
              h('Access-Control-Request-Headers', 'authorization'),
            ],
          },
          response: {
            status: 401,
            headers: [
              h('Access-Control-Allow-Origin', O),
              h('Access-Control-Allow-Credentials', 'true'),
              h('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'),
              h('Set-Cookie', 'JSESSIONID=1'),
            ],
          },
        },
      },
    ],
  },
  lowercasePatch: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'http://localhost:8080/api/items/3',
          method: 'patch',
          headers: [h('Origin', O), h('Content-Type', 'application/json')],
        },
        preflight: {
          request: {
            url: 'http://localhost:8080/api/items/3',
            method: 'OPTIONS',
            headers: [
              h('Origin', O),
              h('Access-Control-Request-Method', 'patch'),
              h('Access-Control-Request-Headers', 'content-type'),
            ],
          },
          response: {
            status: 204,
            headers: [
              h('Access-Control-Allow-Origin', O),
              h('Access-Control-Allow-Methods', 'GET, POST, PATCH'),
              h('Access-Control-Allow-Headers', 'content-type'),
              h('Server', 'Kestrel'),
            ],
          },
        },
      },
    ],
  },
  headerDisallowed: {
    initiatorOrigin: 'https://app.example.test',
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'https://api.example.test/v1/search',
          method: 'POST',
          headers: [
            h('Origin', 'https://app.example.test'),
            h('Content-Type', 'application/json'),
            h('X-Api-Key', 'k'),
          ],
        },
        preflight: {
          request: {
            url: 'https://api.example.test/v1/search',
            method: 'OPTIONS',
            headers: [
              h('Origin', 'https://app.example.test'),
              h('Access-Control-Request-Method', 'POST'),
              h('Access-Control-Request-Headers', 'content-type,x-api-key'),
            ],
          },
          response: {
            status: 200,
            headers: [
              h('Access-Control-Allow-Origin', 'https://app.example.test'),
              h('Access-Control-Allow-Headers', 'content-type'),
              h('Server', 'uvicorn'),
            ],
          },
        },
      },
    ],
  },
  preflightRedirect: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'http://localhost:8000/api/items',
          method: 'PUT',
          headers: [h('Origin', O), h('Content-Type', 'application/json')],
        },
        preflight: {
          request: {
            url: 'http://localhost:8000/api/items',
            method: 'OPTIONS',
            headers: [
              h('Origin', O),
              h('Access-Control-Request-Method', 'PUT'),
              h('Access-Control-Request-Headers', 'content-type'),
            ],
          },
          response: { status: 301, headers: [h('Location', '/api/items/')] },
        },
      },
    ],
  },
  taintedRedirect: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: {
          url: 'https://api.example.test/files/1',
          method: 'GET',
          headers: [h('Origin', O)],
        },
        response: {
          status: 302,
          headers: [
            h('Location', 'https://cdn.example.test/files/1'),
            h('Access-Control-Allow-Origin', O),
          ],
        },
      },
      {
        request: {
          url: 'https://cdn.example.test/files/1',
          method: 'GET',
          headers: [h('Origin', 'null')],
        },
        response: { status: 200, headers: [h('Access-Control-Allow-Origin', O)] },
      },
    ],
  },
  allowed: {
    initiatorOrigin: O,
    credentials: 'omit',
    legs: [
      {
        request: { url: 'http://localhost:3000/api/ok', method: 'GET', headers: [h('Origin', O)] },
        response: { status: 200, headers: [h('Access-Control-Allow-Origin', O)] },
      },
    ],
  },
  invalidCredentials: {
    initiatorOrigin: O,
    credentials: 'include',
    legs: [
      {
        request: { url: 'http://localhost:3000/api/me', method: 'GET', headers: [h('Origin', O)] },
        response: {
          status: 200,
          headers: [
            h('Access-Control-Allow-Origin', O),
            h('Access-Control-Allow-Credentials', 'True'),
            h('X-Runtime', '0.02'),
          ],
        },
      },
    ],
  },
};
