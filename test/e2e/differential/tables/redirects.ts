// Redirect chains: same-origin → cross-origin, cross → cross (the request's origin becomes `null`),
// back to the page's origin, userinfo in Location, method rewrites, redirects of preflighted
// requests, and the redirect limit.
import type { Case, HopSpec, Lines, Where } from '../case-types.ts';
import type { RequestInput } from './helpers.ts';
import { ACAC, ACAH, ACAM, ACAO, allowPage, request } from './helpers.ts';

const NULL: Lines = [[ACAO, 'null']];
const STAR: Lines = [[ACAO, '*']];

/** A redirect hop on `at` to `to`, answering with `lines` (default: allows the page). */
function hop(
  at: Where,
  to: Where,
  lines: Lines = allowPage(),
  extra: Partial<HopSpec> = {},
): HopSpec {
  return { at, headers: lines, redirectTo: { at: to }, ...extra };
}

function end(at: Where, lines: Lines, extra: Partial<HopSpec> = {}): HopSpec {
  return { at, headers: lines, ...extra };
}

function chain(id: string, title: string, req: RequestInput, hops: HopSpec[]): Case {
  return { id: `redirect-${id}`, group: 'redirect', title, request: request(req), hops };
}

const GET: RequestInput = { method: 'GET' };
const INCLUDE: RequestInput = { method: 'GET', credentials: 'include' };

function simpleChains(): Case[] {
  return [
    chain('same-to-cross-exact', 'A → B, B allows the page origin', GET, [
      hop('A', 'B', []),
      end('B', allowPage()),
    ]),
    chain('same-to-cross-star', 'A → B, B answers *', GET, [hop('A', 'B', []), end('B', STAR)]),
    chain('same-to-cross-missing', 'A → B, B sends no ACAO', GET, [
      hop('A', 'B', []),
      end('B', []),
    ]),
    chain('same-to-cross-null', 'A → B, B answers null (origin is not tainted)', GET, [
      hop('A', 'B', []),
      end('B', NULL),
    ]),
    chain('same-to-cross-include', 'A → B with credentials, B allows them', INCLUDE, [
      hop('A', 'B', []),
      end('B', allowPage(true)),
    ]),
    chain('cross-to-cross-null', 'B → C, C answers null (tainted origin)', GET, [
      hop('B', 'C'),
      end('C', NULL),
    ]),
    chain('cross-to-cross-origin', 'B → C, C echoes the page origin (but Origin is null)', GET, [
      hop('B', 'C'),
      end('C', allowPage()),
    ]),
    chain('cross-to-cross-star', 'B → C, C answers *', GET, [hop('B', 'C'), end('C', STAR)]),
    chain('cross-to-cross-missing', 'B → C, C sends no ACAO', GET, [hop('B', 'C'), end('C', [])]),
    chain('redirect-missing-acao', 'B → C, the 302 itself has no ACAO', GET, [
      hop('B', 'C', []),
      end('C', NULL),
    ]),
    chain('redirect-star-include', 'B → C with credentials, the 302 says *', INCLUDE, [
      hop('B', 'C', [
        [ACAO, '*'],
        [ACAC, 'true'],
      ]),
      end('C', [
        [ACAO, 'null'],
        [ACAC, 'true'],
      ]),
    ]),
    chain(
      'cross-to-cross-null-include',
      'B → C with credentials, C answers null + ACAC true',
      INCLUDE,
      [
        hop('B', 'C', allowPage(true)),
        end('C', [
          [ACAO, 'null'],
          [ACAC, 'true'],
        ]),
      ],
    ),
    chain('cross-to-cross-star-include', 'B → C with credentials, C answers *', INCLUDE, [
      hop('B', 'C', allowPage(true)),
      end('C', [
        [ACAO, '*'],
        [ACAC, 'true'],
      ]),
    ]),
    chain('cross-same-origin-hop', 'B → B (same origin), B allows the page origin', GET, [
      hop('B', 'B'),
      end('B', allowPage()),
    ]),
    chain('back-to-page-star', 'B → A (the page origin), A answers *', GET, [
      hop('B', 'A'),
      end('A', STAR),
    ]),
    chain('back-to-page-missing', 'B → A, A sends no ACAO', GET, [hop('B', 'A'), end('A', [])]),
    chain('back-to-page-origin', 'B → A, A echoes the page origin', GET, [
      hop('B', 'A'),
      end('A', allowPage()),
    ]),
    chain('taint-sticks', 'B → C → B, B echoes the page origin', GET, [
      hop('B', 'C'),
      hop('C', 'B', NULL),
      end('B', allowPage()),
    ]),
    chain('taint-sticks-null', 'B → C → B, B answers null', GET, [
      hop('B', 'C'),
      hop('C', 'B', NULL),
      end('B', NULL),
    ]),
    chain(
      'xhr-cross-to-cross-null',
      'XHR B → C, C answers null',
      { method: 'GET', client: 'xhr' },
      [hop('B', 'C'), end('C', NULL)],
    ),
    chain(
      'xhr-cross-to-cross-origin',
      'XHR B → C, C echoes the page origin',
      { method: 'GET', client: 'xhr' },
      [hop('B', 'C'), end('C', allowPage())],
    ),
  ];
}

function userinfoChains(): Case[] {
  const withUser = (from: Where, userinfo: string, lines: Lines = allowPage()): HopSpec => ({
    at: from,
    headers: lines,
    redirectTo: { at: 'C', userinfo },
  });
  return [
    chain('userinfo-cross', 'B → user:pass@C', GET, [withUser('B', 'user:pass'), end('C', NULL)]),
    chain('userinfo-user-only', 'B → user@C', GET, [withUser('B', 'user'), end('C', NULL)]),
    chain('userinfo-empty', 'B → @C (empty userinfo is no credentials)', GET, [
      withUser('B', ''),
      end('C', NULL),
    ]),
    chain('userinfo-from-page-origin', 'A → user:pass@C', GET, [
      withUser('A', 'user:pass', []),
      end('C', allowPage()),
    ]),
  ];
}

function methodChains(): Case[] {
  const post: RequestInput = { method: 'POST', headers: [['Content-Type', 'text/plain']] };
  const out: Case[] = [];
  for (const status of [301, 302, 303, 307, 308]) {
    out.push(
      chain(`post-${status}`, `POST text/plain, B ${status} → C, C answers null`, post, [
        hop('B', 'C', allowPage(), { status }),
        end('C', NULL),
      ]),
    );
  }
  return out;
}

function preflightedChains(): Case[] {
  const putPreflight = (lines: Lines) => ({
    status: 204,
    headers: [...lines, [ACAM, 'PUT']] as Lines,
  });
  const customPreflight = (lines: Lines) => ({
    status: 204,
    headers: [...lines, [ACAH, 'x-custom']] as Lines,
  });
  const put: RequestInput = { method: 'PUT' };
  const custom: RequestInput = { method: 'GET', headers: [['X-Custom', '1']] };
  return [
    chain('put-307-cross-null', 'PUT B 307 → C, C preflight and response answer null', put, [
      hop('B', 'C', allowPage(), { status: 307, preflight: putPreflight(allowPage()) }),
      end('C', NULL, { preflight: putPreflight(NULL) }),
    ]),
    chain('put-307-cross-origin', 'PUT B 307 → C, C preflight echoes the page origin', put, [
      hop('B', 'C', allowPage(), { status: 307, preflight: putPreflight(allowPage()) }),
      end('C', allowPage(), { preflight: putPreflight(allowPage()) }),
    ]),
    chain('put-307-cross-bare', 'PUT B 307 → C, C preflight has no CORS headers', put, [
      hop('B', 'C', allowPage(), { status: 307, preflight: putPreflight(allowPage()) }),
      end('C', NULL, { preflight: { status: 204 } }),
    ]),
    chain('put-303-cross', 'PUT B 303 → C (becomes GET, no preflight), C answers null', put, [
      hop('B', 'C', allowPage(), { status: 303, preflight: putPreflight(allowPage()) }),
      end('C', NULL, { preflight: { status: 404 } }),
    ]),
    chain('custom-302-cross-ok', 'GET + X-Custom B → C, both preflights allow it', custom, [
      hop('B', 'C', allowPage(), { preflight: customPreflight(allowPage()) }),
      end('C', NULL, { preflight: customPreflight(NULL) }),
    ]),
    chain('custom-302-cross-no-acah', 'GET + X-Custom B → C, C preflight lacks ACAH', custom, [
      hop('B', 'C', allowPage(), { preflight: customPreflight(allowPage()) }),
      end('C', NULL, { preflight: { status: 204, headers: NULL } }),
    ]),
    chain('put-same-to-cross', 'PUT A 307 → B, B preflight allows the page origin', put, [
      hop('A', 'B', [], { status: 307 }),
      end('B', allowPage(), { preflight: putPreflight(allowPage()) }),
    ]),
  ];
}

function limitChain(): Case {
  // Chromium gives up at the 21st redirect (net::ERR_TOO_MANY_REDIRECTS, no CORS error).
  const hops: HopSpec[] = [];
  for (let i = 0; i < 21; i++) hops.push(hop('B', 'B'));
  hops.push(end('B', allowPage()));
  return chain('too-many', 'B → B … 21 redirects', GET, hops);
}

export const REDIRECT_CASES: Case[] = [
  ...simpleChains(),
  ...userinfoChains(),
  ...methodChains(),
  ...preflightedChains(),
  limitChain(),
];
