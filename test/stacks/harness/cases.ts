/**
 * The failure classes the stack suite proves fixed. Each is a recorded exchange as the panel or a
 * HAR would hold it (the server answering wrongly), diagnosed by the real engine, plus the request
 * the page makes in Chromium once the generated snippet is applied.
 */
import { diagnose } from '../../../src/cors/index.ts';
import type {
  CorsErrorName,
  CredentialsMode,
  Diagnosis,
  Exchange,
  Header,
  Leg,
} from '../../../src/cors/types.ts';

const h = (name: string, value: string): Header => ({ name, value });

/** What the page runs with fetch() (the apps in apps/ all serve these routes). */
export interface PageRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  credentials: CredentialsMode;
  /** A response header the page must be able to read. */
  reads?: string;
}

export interface FailureClass {
  name: string;
  /** Chromium's reason for the recorded failure: the engine must agree, or the class is wrong. */
  reason: CorsErrorName;
  request: PageRequest;
  /** The recorded exchange, for an API at `api` called from `page`. */
  exchange(page: string, api: string): Exchange;
}

interface Answer {
  status: number;
  headers: Header[];
}

/** One leg to `url`, preflighted when the request needs it, with the server's recorded answers. */
function leg(page: string, url: string, req: PageRequest, answer: Answer, preflight?: Answer): Leg {
  const sent = Object.entries(req.headers).map(([n, v]) => h(n, v));
  const out: Leg = {
    request: { url, method: req.method, headers: [h('Origin', page), ...sent] },
    response: answer,
  };
  if (preflight) {
    const names = Object.keys(req.headers)
      .map((n) => n.toLowerCase())
      .sort();
    out.preflight = {
      request: {
        url,
        method: 'OPTIONS',
        headers: [
          h('Origin', page),
          h('Access-Control-Request-Method', req.method),
          ...(names.length > 0 ? [h('Access-Control-Request-Headers', names.join(','))] : []),
        ],
      },
      response: preflight,
    };
    delete out.response; // a failed preflight means the request itself was never sent
  }
  return out;
}

const json = h('Content-Type', 'application/json');
const items = '/api/items';

function single(
  req: PageRequest,
  answer: (page: string) => Answer,
  preflight?: (page: string) => Answer,
): (page: string, api: string) => Exchange {
  return (page, api) => ({
    initiatorOrigin: page,
    credentials: req.credentials,
    legs: [leg(page, api + req.path, req, answer(page), preflight?.(page))],
  });
}

const get = (credentials: CredentialsMode, reads?: string): PageRequest => ({
  path: items,
  method: 'GET',
  headers: {},
  credentials,
  ...(reads ? { reads } : {}),
});
const putJson: PageRequest = {
  path: items,
  method: 'PUT',
  headers: { 'Content-Type': 'application/json' },
  credentials: 'same-origin',
};
const patchJson: PageRequest = { ...putJson, method: 'PATCH' };
const postAuth: PageRequest = {
  path: items,
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    Authorization: 'Bearer test-token',
    'X-Request-Id': 'r-1',
  },
  credentials: 'include',
};

export const FAILURE_CLASSES: readonly FailureClass[] = [
  {
    name: 'missing ACAO',
    reason: 'MissingAllowOriginHeader',
    request: get('same-origin'),
    exchange: single(get('same-origin'), () => ({ status: 200, headers: [json] })),
  },
  {
    name: 'wrong origin',
    reason: 'AllowOriginMismatch',
    request: get('same-origin'),
    exchange: single(get('same-origin'), () => ({
      status: 200,
      headers: [json, h('Access-Control-Allow-Origin', 'http://localhost:4200')],
    })),
  },
  {
    name: 'credentials with *',
    reason: 'WildcardOriginNotAllowed',
    request: get('include'),
    exchange: single(get('include'), () => ({
      status: 200,
      headers: [json, h('Access-Control-Allow-Origin', '*')],
    })),
  },
  {
    name: 'credentials without ACAC',
    reason: 'InvalidAllowCredentials',
    request: get('include'),
    exchange: single(get('include'), (page) => ({
      status: 200,
      headers: [json, h('Access-Control-Allow-Origin', page)],
    })),
  },
  {
    name: 'preflight 404 with no CORS',
    reason: 'PreflightMissingAllowOriginHeader',
    request: putJson,
    exchange: single(
      putJson,
      () => ({ status: 0, headers: [] }),
      () => ({ status: 404, headers: [h('Content-Type', 'text/html')] }),
    ),
  },
  {
    name: 'missing method',
    reason: 'MethodDisallowedByPreflightResponse',
    request: patchJson,
    exchange: single(
      patchJson,
      () => ({ status: 0, headers: [] }),
      (page) => ({
        status: 204,
        headers: [
          h('Access-Control-Allow-Origin', page),
          h('Access-Control-Allow-Methods', 'GET, POST'),
          h('Access-Control-Allow-Headers', 'content-type'),
        ],
      }),
    ),
  },
  {
    name: 'missing header (Authorization)',
    reason: 'HeaderDisallowedByPreflightResponse',
    request: postAuth,
    exchange: single(
      postAuth,
      () => ({ status: 0, headers: [] }),
      (page) => ({
        status: 204,
        headers: [
          h('Access-Control-Allow-Origin', page),
          h('Access-Control-Allow-Credentials', 'true'),
          h('Access-Control-Allow-Methods', 'GET, POST'),
          h('Access-Control-Allow-Headers', 'content-type'),
        ],
      }),
    ),
  },
  {
    name: 'exposed response headers',
    reason: 'MissingAllowOriginHeader',
    request: get('same-origin', 'X-Total-Count'),
    exchange: single(get('same-origin', 'X-Total-Count'), () => ({
      status: 200,
      headers: [json, h('X-Total-Count', '3')],
    })),
  },
  {
    name: 'redirect',
    reason: 'MissingAllowOriginHeader',
    request: { ...get('same-origin'), path: '/api/old' },
    exchange: (page, api) => ({
      initiatorOrigin: page,
      credentials: 'same-origin',
      legs: [
        {
          request: { url: `${api}/api/old`, method: 'GET', headers: [h('Origin', page)] },
          response: { status: 302, headers: [h('Location', `${api}${items}`)] },
        },
      ],
    }),
  },
];

/** The class's exchange for this page and API, with the engine's diagnosis (checked by the suite). */
export function recorded(
  c: FailureClass,
  page: string,
  api: string,
): { exchange: Exchange; diagnosis: Diagnosis } {
  const exchange = c.exchange(page, api);
  return { exchange, diagnosis: diagnose(exchange) };
}
