// Request headers: which ones make Chromium preflight (safelist names, value rules, the 128-byte
// value limit, the 1024-byte budget, Chromium's client-hint extras), and how Allow-Headers answers.
import type { Case } from '../case-types.ts';
import type { RequestInput } from './helpers.ts';
import { ACAH, ACAO, PAGE, allowPage, single } from './helpers.ts';

type Hdrs = ReadonlyArray<readonly [string, string]>;

const x128 = 'x'.repeat(128);
const digits128 = '1'.repeat(128);
const letters128 = 'a'.repeat(128);

/** Nine distinct safelisted headers with 128-byte values: 1152 bytes, over Chromium's 1024 budget. */
const BUDGET_HEADERS: Hdrs = [
  ['Accept', x128],
  ['Accept-Language', letters128],
  ['Content-Language', letters128],
  ['Content-Type', `text/plain;a=${'b'.repeat(115)}`],
  ['Intervention', x128],
  ['Width', digits128],
  ['Viewport-Width', digits128],
  ['Rtt', digits128],
  ['Device-Memory', digits128],
];

/** Six custom headers set out of alphabetical order: which one does Chromium name first? */
const SIX: Hdrs = ['Foxtrot', 'Charlie', 'Alpha', 'Echo', 'Bravo', 'Delta'].map(
  (n) => [`X-${n}`, '1'] as const,
);

/**
 * [id, title, method, headers, Access-Control-Allow-Headers of the preflight (undefined: absent),
 * credentials]. The preflight and the response otherwise allow the page exactly.
 */
type Row = readonly [string, string, string, Hdrs, string | undefined, ('include' | undefined)?];

const ROWS: readonly Row[] = [
  [
    'ct-text-plain',
    'POST text/plain;charset=utf-8',
    'POST',
    [['Content-Type', 'text/plain;charset=utf-8']],
    undefined,
  ],
  ['ct-json', 'POST application/json', 'POST', [['Content-Type', 'application/json']], undefined],
  [
    'ct-json-allowed',
    'POST application/json, ACAH content-type',
    'POST',
    [['Content-Type', 'application/json']],
    'content-type',
  ],
  [
    'ct-json-allowed-case',
    'POST application/json, ACAH Content-Type',
    'POST',
    [['Content-Type', 'application/json']],
    'Content-Type',
  ],
  [
    'ct-form',
    'POST form-urlencoded',
    'POST',
    [['Content-Type', 'application/x-www-form-urlencoded']],
    undefined,
  ],
  [
    'ct-multipart',
    'POST multipart/form-data',
    'POST',
    [['Content-Type', 'multipart/form-data; boundary=xyz']],
    undefined,
  ],
  ['ct-mixed-case', 'POST Text/Plain', 'POST', [['Content-Type', 'Text/Plain']], undefined],
  [
    'ct-list',
    'POST `text/plain, text/html`',
    'POST',
    [['Content-Type', 'text/plain, text/html']],
    undefined,
  ],
  ['ct-space', 'POST `text /plain`', 'POST', [['Content-Type', 'text /plain']], undefined],
  [
    'ct-trailing-semicolon',
    'POST `text/plain;`',
    'POST',
    [['Content-Type', 'text/plain;']],
    undefined,
  ],
  ['accept-json', 'Accept application/json', 'GET', [['Accept', 'application/json']], undefined],
  ['accept-quote', 'Accept with a `"`', 'GET', [['Accept', 'text/html"']], undefined],
  ['accept-parens', 'Accept with `(`', 'GET', [['Accept', 'text/(html)']], undefined],
  ['accept-high-byte', 'Accept with a byte ≥ 0x80', 'GET', [['Accept', 'text/\u00e9']], undefined],
  ['accept-128', 'Accept of 128 bytes', 'GET', [['Accept', x128]], undefined],
  ['accept-129', 'Accept of 129 bytes', 'GET', [['Accept', `${x128}x`]], undefined],
  [
    'accept-129-allowed',
    'Accept of 129 bytes, ACAH accept',
    'GET',
    [['Accept', `${x128}x`]],
    'accept',
  ],
  [
    'accept-repeated-long',
    'Accept appended twice (joined > 128 bytes)',
    'GET',
    [
      ['Accept', 'a'.repeat(100)],
      ['Accept', 'b'.repeat(100)],
    ],
    undefined,
  ],
  [
    'accept-repeated-short',
    'Accept appended twice (joined ≤ 128 bytes)',
    'GET',
    [
      ['Accept', 'text/a'],
      ['Accept', 'text/b'],
    ],
    undefined,
  ],
  [
    'accept-language',
    'Accept-Language en-US,en;q=0.9',
    'GET',
    [['Accept-Language', 'en-US,en;q=0.9']],
    undefined,
  ],
  [
    'accept-language-bad',
    'Accept-Language en_US',
    'GET',
    [['Accept-Language', 'en_US']],
    undefined,
  ],
  ['content-language', 'Content-Language de-DE', 'GET', [['Content-Language', 'de-DE']], undefined],
  [
    'content-language-bad',
    'Content-Language de/DE',
    'GET',
    [['Content-Language', 'de/DE']],
    undefined,
  ],
  ['range-ok', 'Range bytes=0-100', 'GET', [['Range', 'bytes=0-100']], undefined],
  ['range-suffix', 'Range bytes=-200', 'GET', [['Range', 'bytes=-200']], undefined],
  ['x-custom', 'X-Custom', 'GET', [['X-Custom', '1']], undefined],
  ['x-custom-allowed', 'X-Custom, ACAH X-Custom', 'GET', [['X-Custom', '1']], 'X-Custom'],
  ['x-custom-other', 'X-Custom, ACAH x-other', 'GET', [['X-Custom', '1']], 'x-other'],
  ['x-custom-star', 'X-Custom, ACAH *', 'GET', [['X-Custom', '1']], '*'],
  [
    'x-custom-star-include',
    'X-Custom with credentials, ACAH * (literal)',
    'GET',
    [['X-Custom', '1']],
    '*',
    'include',
  ],
  [
    'x-custom-star-listed-include',
    'X-Custom with credentials, ACAH `*, x-custom`',
    'GET',
    [['X-Custom', '1']],
    '*, x-custom',
    'include',
  ],
  [
    'x-requested-with',
    'X-Requested-With',
    'GET',
    [['X-Requested-With', 'XMLHttpRequest']],
    undefined,
  ],
  ['authorization', 'Authorization, no ACAH', 'GET', [['Authorization', 'Bearer t']], undefined],
  [
    'authorization-star',
    'Authorization, ACAH * (Chrome lets it through)',
    'GET',
    [['Authorization', 'Bearer t']],
    '*',
  ],
  [
    'authorization-star-include',
    'Authorization with credentials, ACAH *',
    'GET',
    [['Authorization', 'Bearer t']],
    '*',
    'include',
  ],
  [
    'authorization-listed-include',
    'Authorization with credentials, ACAH authorization',
    'GET',
    [['Authorization', 'Bearer t']],
    'authorization',
    'include',
  ],
  [
    'authorization-star-and-custom',
    'Authorization + X-Custom, ACAH *',
    'GET',
    [
      ['Authorization', 'Bearer t'],
      ['X-Custom', '1'],
    ],
    '*',
  ],
  [
    'two-unsafe',
    'X-B then X-A, no ACAH (fetch reports the first alphabetically)',
    'GET',
    [
      ['X-B', '1'],
      ['X-A', '1'],
    ],
    undefined,
  ],
  [
    'two-unsafe-b-allowed',
    'X-B then X-A, ACAH x-b',
    'GET',
    [
      ['X-B', '1'],
      ['X-A', '1'],
    ],
    'x-b',
  ],
  [
    'two-unsafe-a-allowed',
    'X-A then X-B, ACAH x-a',
    'GET',
    [
      ['X-A', '1'],
      ['X-B', '1'],
    ],
    'x-a',
  ],
  ['six-unsafe', 'six custom headers, no ACAH', 'GET', SIX, undefined],
  [
    'six-unsafe-three-allowed',
    'six custom headers, ACAH allows three',
    'GET',
    SIX,
    'x-alpha, x-bravo, x-charlie',
  ],
  [
    'six-unsafe-five-allowed',
    'six custom headers, ACAH allows all but X-Delta',
    'GET',
    SIX,
    'x-alpha, x-bravo, x-charlie, x-echo, x-foxtrot',
  ],
  [
    'json-and-custom',
    'Content-Type json + X-Custom, ACAH x-custom',
    'POST',
    [
      ['Content-Type', 'application/json'],
      ['X-Custom', '1'],
    ],
    'x-custom',
  ],
  ['dpr', 'DPR 2.0 (Chromium safelists client hints)', 'GET', [['DPR', '2.0']], undefined],
  ['dpr-bad', 'DPR abc', 'GET', [['DPR', 'abc']], undefined],
  ['width', 'Width 100', 'GET', [['Width', '100']], undefined],
  ['save-data-on', 'Save-Data on', 'GET', [['Save-Data', 'on']], undefined],
  ['save-data-off', 'Save-Data off', 'GET', [['Save-Data', 'off']], undefined],
  ['ect', 'ECT 4g', 'GET', [['ECT', '4g']], undefined],
  ['ect-bad', 'ECT 5g', 'GET', [['ECT', '5g']], undefined],
  ['device-memory', 'Device-Memory 8', 'GET', [['Device-Memory', '8']], undefined],
  ['downlink', 'Downlink 1.5', 'GET', [['Downlink', '1.5']], undefined],
  [
    'intervention',
    'Intervention (any value)',
    'GET',
    [['Intervention', 'anything goes']],
    undefined,
  ],
  [
    'budget-over',
    'nine safelisted headers of 128 bytes (1152 > 1024)',
    'POST',
    BUDGET_HEADERS,
    undefined,
  ],
  [
    'budget-exact',
    'eight safelisted headers of 128 bytes (1024)',
    'POST',
    BUDGET_HEADERS.slice(0, 8),
    undefined,
  ],
  [
    'budget-one-over',
    'eight of 128 bytes + DPR 1 (1025)',
    'POST',
    [...BUDGET_HEADERS.slice(0, 8), ['DPR', '1']],
    undefined,
  ],
  [
    'budget-over-allowed',
    'over the budget, ACAH lists all nine',
    'POST',
    BUDGET_HEADERS,
    BUDGET_HEADERS.map(([n]) => n).join(', '),
  ],
  [
    'method-override',
    'X-HTTP-Method-Override: TRACE (forbidden, dropped)',
    'POST',
    [['X-HTTP-Method-Override', 'TRACE']],
    undefined,
  ],
  [
    'method-override-get',
    'X-HTTP-Method-Override: PATCH',
    'POST',
    [['X-HTTP-Method-Override', 'PATCH']],
    undefined,
  ],
  [
    'acah-space-separated',
    'X-Custom, ACAH `x-custom x-other`',
    'GET',
    [['X-Custom', '1']],
    'x-custom x-other',
  ],
  [
    'acah-empty-elements',
    'X-Custom, ACAH `, x-custom,,`',
    'GET',
    [['X-Custom', '1']],
    ', x-custom,,',
  ],
  ['acah-quoted', 'X-Custom, ACAH `"x-custom"`', 'GET', [['X-Custom', '1']], '"x-custom"'],
  ['acah-semicolon', 'X-Custom, ACAH `x-custom;`', 'GET', [['X-Custom', '1']], 'x-custom;'],
  ['acah-empty', 'X-Custom, ACAH empty', 'GET', [['X-Custom', '1']], ''],
];

const XHR_ROWS = new Set([
  'x-custom',
  'ct-json',
  'authorization-star',
  'two-unsafe',
  'six-unsafe',
  'x-custom-star-include',
]);

function rowCase(
  [id, title, method, headers, acah, credentials]: Row,
  client: 'fetch' | 'xhr',
): Case {
  const withCredentials = credentials === 'include';
  const req: RequestInput = { method, headers, client };
  if (withCredentials) req.credentials = 'include';
  const preflight = [
    ...allowPage(withCredentials),
    ...(acah === undefined ? [] : [[ACAH, acah] as const]),
  ];
  return single(
    client === 'xhr' ? 'header-xhr' : 'header',
    id,
    `${client === 'xhr' ? 'XHR' : 'fetch'} ${method} ${title}`,
    req,
    { headers: allowPage(withCredentials), preflight: { status: 204, headers: preflight } },
  );
}

function cases(): Case[] {
  const out = ROWS.map((row) => rowCase(row, 'fetch'));
  for (const row of ROWS) if (XHR_ROWS.has(row[0])) out.push(rowCase(row, 'xhr'));
  out.push(
    single(
      'header',
      'x-custom-two-acah-lines',
      'fetch GET X-A + X-B, ACAH on two lines',
      {
        method: 'GET',
        headers: [
          ['X-A', '1'],
          ['X-B', '1'],
        ],
      },
      {
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAH, 'x-a'],
            [ACAH, 'x-b'],
          ],
        },
      },
    ),
  );
  return out;
}

export const REQUEST_HEADER_CASES: Case[] = cases();
