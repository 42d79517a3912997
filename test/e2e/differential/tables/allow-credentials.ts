// Access-Control-Allow-Credentials: only the exact `true` counts, and only for credentialed requests.
import type { Case, Lines } from '../case-types.ts';
import { ACAC, ACAO, PAGE, single } from './helpers.ts';

const VALUES: ReadonlyArray<readonly [string, string, Lines]> = [
  ['absent', 'absent', []],
  ['true', '`true`', [[ACAC, 'true']]],
  ['title-case', '`True`', [[ACAC, 'True']]],
  ['upper', '`TRUE`', [[ACAC, 'TRUE']]],
  ['false', '`false`', [[ACAC, 'false']]],
  ['one', '`1`', [[ACAC, '1']]],
  ['padded', '` true `', [[ACAC, ' true ']]],
  [
    'two-lines',
    '`true` on two lines',
    [
      [ACAC, 'true'],
      [ACAC, 'true'],
    ],
  ],
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const [id, what, lines] of VALUES) {
    const headers: Lines = [[ACAO, PAGE], ...lines];
    out.push(
      single(
        'acac',
        `${id}-include`,
        `fetch GET with credentials, exact ACAO, ACAC ${what}`,
        { method: 'GET', credentials: 'include' },
        { headers },
      ),
      single(
        'acac',
        `${id}-same-origin`,
        `fetch GET without credentials, exact ACAO, ACAC ${what}`,
        { method: 'GET' },
        { headers },
      ),
    );
  }
  out.push(
    single(
      'acac',
      'absent-xhr',
      'XHR withCredentials, exact ACAO, no ACAC',
      { method: 'GET', client: 'xhr', credentials: 'include' },
      { headers: [[ACAO, PAGE]] },
    ),
    single(
      'acac',
      'title-case-xhr',
      'XHR withCredentials, exact ACAO, ACAC `True`',
      { method: 'GET', client: 'xhr', credentials: 'include' },
      {
        headers: [
          [ACAO, PAGE],
          [ACAC, 'True'],
        ],
      },
    ),
    single(
      'acac',
      'star-true-include',
      'fetch with credentials, ACAO `*` + ACAC true',
      { method: 'GET', credentials: 'include' },
      {
        headers: [
          [ACAO, '*'],
          [ACAC, 'true'],
        ],
      },
    ),
    single(
      'acac',
      'null-true-include',
      'fetch with credentials, ACAO `null` + ACAC true',
      { method: 'GET', credentials: 'include' },
      {
        headers: [
          [ACAO, 'null'],
          [ACAC, 'true'],
        ],
      },
    ),
  );
  return out;
}

export const ALLOW_CREDENTIALS_CASES: Case[] = cases();
