// Every Access-Control-Allow-Origin shape a server sends in practice, on a simple GET, for fetch and
// XHR, with and without credentials.
import type { Case, Lines } from '../case-types.ts';
import { ACAC, ACAO, PAGE, otherPort, single } from './helpers.ts';

const SHAPES: ReadonlyArray<readonly [string, string, Lines]> = [
  ['absent', 'no Access-Control-Allow-Origin', []],
  ['exact', 'the exact page origin', [[ACAO, PAGE]]],
  ['star', '`*`', [[ACAO, '*']]],
  ['wrong-port', 'the page host on another port', [[ACAO, (o) => otherPort(o.page)]]],
  ['trailing-slash', 'the origin with a trailing slash', [[ACAO, (o) => `${o.page}/`]]],
  ['uppercase', 'the origin in upper case', [[ACAO, (o) => o.page.toUpperCase()]]],
  ['null', '`null`', [[ACAO, 'null']]],
  [
    'two-lines',
    'the exact origin on two lines',
    [
      [ACAO, PAGE],
      [ACAO, PAGE],
    ],
  ],
  [
    'two-stars',
    '`*` on two lines',
    [
      [ACAO, '*'],
      [ACAO, '*'],
    ],
  ],
  ['comma-list', 'a comma list of origins', [[ACAO, (o) => `${o.page}, ${o.C}`]]],
  ['star-and-origin', '`*, origin`', [[ACAO, (o) => `*, ${o.page}`]]],
  ['space-list', 'a space-separated list', [[ACAO, (o) => `${o.page} ${o.C}`]]],
  ['empty', 'an empty value', [[ACAO, '']]],
  ['bare-host', 'host:port without scheme', [[ACAO, (o) => o.page.replace('http://', '')]]],
  ['quoted-star', "`'*'`", [[ACAO, "'*'"]]],
  ['padded', 'the origin with spaces around', [[ACAO, (o) => `  ${o.page}  `]]],
  ['https', 'the origin with https', [[ACAO, (o) => o.page.replace('http:', 'https:')]]],
  ['no-port', 'the origin without its port', [[ACAO, (o) => o.page.replace(/:\d+$/, '')]]],
  ['api-origin', "the API's own origin", [[ACAO, (o) => o.B]]],
  [
    'ip-for-name',
    '127.0.0.1 instead of localhost',
    [[ACAO, (o) => o.page.replace('localhost', '127.0.0.1')]],
  ],
  ['wildcard-subdomain', '`http://*.localhost`', [[ACAO, 'http://*.localhost']]],
];

const XHR_SHAPES = new Set(['absent', 'exact', 'star', 'null', 'two-lines', 'empty', 'comma-list']);
const OMIT_SHAPES = new Set(['absent', 'exact', 'star']);
const IP_SHAPES = new Set(['absent', 'exact', 'star']);

function cases(): Case[] {
  const out: Case[] = [];
  for (const [id, what, lines] of SHAPES) {
    const credLines: Lines = [...lines, [ACAC, 'true']];
    out.push(
      single(
        'acao',
        `${id}-fetch`,
        `fetch GET, ACAO ${what}`,
        { method: 'GET' },
        { headers: lines },
      ),
      single(
        'acao',
        `${id}-fetch-include`,
        `fetch GET with credentials, ACAO ${what} + ACAC true`,
        { method: 'GET', credentials: 'include' },
        { headers: credLines },
      ),
    );
    if (XHR_SHAPES.has(id)) {
      out.push(
        single(
          'acao',
          `${id}-xhr`,
          `XHR GET, ACAO ${what}`,
          { method: 'GET', client: 'xhr' },
          { headers: lines },
        ),
        single(
          'acao',
          `${id}-xhr-with-credentials`,
          `XHR withCredentials GET, ACAO ${what} + ACAC true`,
          { method: 'GET', client: 'xhr', credentials: 'include' },
          { headers: credLines },
        ),
      );
    }
    if (OMIT_SHAPES.has(id)) {
      out.push(
        single(
          'acao',
          `${id}-omit`,
          `fetch GET credentials omit, ACAO ${what}`,
          { method: 'GET', credentials: 'omit' },
          { headers: lines },
        ),
      );
    }
    if (IP_SHAPES.has(id)) {
      // 127.0.0.1 is cross-site to localhost: Chromium marks credentialed requests differently.
      out.push(
        single(
          'acao',
          `${id}-ip-include`,
          `fetch GET with credentials to 127.0.0.1, ACAO ${what} + ACAC true`,
          { method: 'GET', credentials: 'include' },
          { at: 'C', headers: credLines },
        ),
      );
    }
  }
  return out;
}

export const ALLOW_ORIGIN_CASES: Case[] = cases();
