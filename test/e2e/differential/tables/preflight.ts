// The preflight's own answer: status (2xx, errors, redirects) with and without CORS headers, its
// origin/credentials checks, and the actual response after a preflight that passed.
import type { Case, Lines, Value } from '../case-types.ts';
import { ACAC, ACAM, ACAO, PAGE, allowPage, otherPort, single } from './helpers.ts';

const STATUSES = [200, 204, 299, 400, 401, 404, 405, 500, 301, 302, 303, 307, 308];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function statusCases(): Case[] {
  const out: Case[] = [];
  for (const status of STATUSES) {
    for (const withCors of [true, false]) {
      const lines: Array<readonly [string, Value]> = withCors
        ? [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
          ]
        : [];
      // A redirect needs somewhere to go; Chromium must refuse it without following.
      if (REDIRECTS.has(status)) lines.push(['Location', (o) => `${o.C}/elsewhere`]);
      out.push(
        single(
          'preflight-status',
          `${status}-${withCors ? 'cors' : 'bare'}`,
          `fetch PUT, preflight ${status} ${withCors ? 'with' : 'without'} CORS headers`,
          { method: 'PUT' },
          { headers: allowPage(), preflight: { status, headers: lines } },
        ),
      );
    }
  }
  out.push(
    single(
      'preflight-status',
      '304-cors',
      'fetch PUT, preflight 304 (not a redirect without Location) with CORS headers',
      { method: 'PUT' },
      {
        headers: allowPage(),
        preflight: {
          status: 304,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
          ],
        },
      },
    ),
    single(
      'preflight-status',
      '404-cors-include-no-acac',
      'fetch PUT with credentials, preflight 404 with ACAO but no ACAC (origin checks come first)',
      { method: 'PUT', credentials: 'include' },
      {
        headers: allowPage(true),
        preflight: {
          status: 404,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
          ],
        },
      },
    ),
  );
  return out;
}

/** [id, title, credentials, preflight lines, actual response lines] for PUT requests. */
type Row = readonly [string, string, boolean, Lines, Lines];

const ROWS: readonly Row[] = [
  [
    'star-include',
    'preflight ACAO `*` with credentials',
    true,
    [
      [ACAO, '*'],
      [ACAC, 'true'],
      [ACAM, 'PUT'],
    ],
    allowPage(true),
  ],
  [
    'no-acac-include',
    'preflight without ACAC, with credentials',
    true,
    [
      [ACAO, PAGE],
      [ACAM, 'PUT'],
    ],
    allowPage(true),
  ],
  [
    'acac-title-case-include',
    'preflight ACAC `True`, with credentials',
    true,
    [
      [ACAO, PAGE],
      [ACAC, 'True'],
      [ACAM, 'PUT'],
    ],
    allowPage(true),
  ],
  [
    'wrong-port',
    'preflight ACAO on another port',
    false,
    [
      [ACAO, (o) => otherPort(o.page)],
      [ACAM, 'PUT'],
    ],
    allowPage(),
  ],
  [
    'two-lines',
    'preflight ACAO on two lines',
    false,
    [
      [ACAO, PAGE],
      [ACAO, PAGE],
      [ACAM, 'PUT'],
    ],
    allowPage(),
  ],
  [
    'empty',
    'preflight ACAO empty',
    false,
    [
      [ACAO, ''],
      [ACAM, 'PUT'],
    ],
    allowPage(),
  ],
  [
    'null',
    'preflight ACAO `null`',
    false,
    [
      [ACAO, 'null'],
      [ACAM, 'PUT'],
    ],
    allowPage(),
  ],
  [
    'bare-host',
    'preflight ACAO host:port',
    false,
    [
      [ACAO, (o) => o.page.replace('http://', '')],
      [ACAM, 'PUT'],
    ],
    allowPage(),
  ],
  [
    'star',
    'preflight ACAO `*` without credentials',
    false,
    [
      [ACAO, '*'],
      [ACAM, 'PUT'],
    ],
    [[ACAO, '*']],
  ],
  [
    'actual-missing',
    'preflight passes, actual response has no ACAO',
    false,
    [
      [ACAO, PAGE],
      [ACAM, 'PUT'],
    ],
    [],
  ],
  [
    'actual-star-include',
    'preflight passes, actual ACAO `*` with credentials',
    true,
    [
      [ACAO, PAGE],
      [ACAC, 'true'],
      [ACAM, 'PUT'],
    ],
    [
      [ACAO, '*'],
      [ACAC, 'true'],
    ],
  ],
  [
    'actual-no-acac-include',
    'preflight passes, actual lacks ACAC',
    true,
    [
      [ACAO, PAGE],
      [ACAC, 'true'],
      [ACAM, 'PUT'],
    ],
    [[ACAO, PAGE]],
  ],
  [
    'actual-mismatch',
    'preflight passes, actual ACAO on another port',
    false,
    [
      [ACAO, PAGE],
      [ACAM, 'PUT'],
    ],
    [[ACAO, (o) => otherPort(o.page)]],
  ],
];

function rowCases(): Case[] {
  return ROWS.map(([id, title, credentials, preflight, actual]) =>
    single(
      'preflight-cors',
      id,
      `fetch PUT${credentials ? ' with credentials' : ''}, ${title}`,
      { method: 'PUT', credentials: credentials ? 'include' : 'same-origin' },
      { headers: actual, preflight: { status: 204, headers: preflight } },
    ),
  );
}

/** The actual response's status does not matter to CORS. */
function actualStatusCases(): Case[] {
  return [
    single(
      'response-status',
      '500-cors',
      'fetch GET, 500 with ACAO',
      { method: 'GET' },
      { status: 500, headers: allowPage() },
    ),
    single(
      'response-status',
      '404-bare',
      'fetch GET, 404 without ACAO',
      { method: 'GET' },
      { status: 404 },
    ),
    single(
      'response-status',
      '204-cors',
      'fetch GET, 204 with ACAO',
      { method: 'GET' },
      { status: 204, headers: allowPage() },
    ),
    single(
      'response-status',
      '401-cors-put',
      'fetch PUT, preflight ok, actual 401 with ACAO',
      { method: 'PUT' },
      {
        status: 401,
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
          ],
        },
      },
    ),
  ];
}

export const PREFLIGHT_CASES: Case[] = [...statusCases(), ...rowCases(), ...actualStatusCases()];
