// Methods against Access-Control-Allow-Methods: safelisting, case (`patch` is not normalised, `put`
// is), `*` with and without credentials, custom methods, and parsing of the list.
import type { Case } from '../case-types.ts';
import { ACAC, ACAM, ACAO, PAGE, allowPage, preflightOk, single, slug } from './helpers.ts';

const PREFLIGHTED = ['PUT', 'DELETE', 'PATCH', 'patch', 'put', 'delete', 'PROPFIND', 'OPTIONS'];
const ALLOW_METHODS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['none', undefined],
  ['list', 'PUT, DELETE, PATCH'],
  ['star', '*'],
  ['lower', 'put, patch, delete, propfind'],
];
/** Lists Chromium must parse as RFC 7230 tokens (or reject as a whole). */
const PARSING: ReadonlyArray<readonly [string, string, string]> = [
  ['space-separated', 'PUT', 'GET POST'],
  ['empty-elements', 'PUT', 'GET,,PUT, ,'],
  ['semicolon', 'PUT', 'PUT;'],
  ['padded', 'PUT', '  PUT  '],
  ['quoted', 'PUT', '"PUT"'],
  ['slash', 'PUT', 'PUT/DELETE'],
  ['space-separated-safelisted', 'POST', 'GET POST'],
];

function methodId(method: string): string {
  // `patch` and `PATCH` must not collide in a case-insensitive file system or URL.
  return method === method.toUpperCase() ? slug(method) : `${slug(method)}-lower`;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const method of ['GET', 'HEAD', 'POST']) {
    out.push(
      single(
        'method',
        `${methodId(method)}`,
        `fetch ${method} (safelisted), no preflight`,
        { method },
        { headers: allowPage() },
      ),
    );
  }
  for (const method of PREFLIGHTED) {
    for (const [acamId, acam] of ALLOW_METHODS) {
      const preflight = preflightOk(false, acam);
      out.push(
        single(
          'method',
          `${methodId(method)}-acam-${acamId}`,
          `fetch ${method}, preflight ACAM ${acam === undefined ? 'absent' : `\`${acam}\``}`,
          { method },
          { headers: allowPage(), preflight: { status: 204, headers: preflight } },
        ),
      );
    }
  }
  for (const method of ['PUT', 'patch']) {
    out.push(
      single(
        'method',
        `${methodId(method)}-acam-star-include`,
        `fetch ${method} with credentials, preflight ACAM \`*\` (a literal with credentials)`,
        { method, credentials: 'include' },
        {
          headers: allowPage(true),
          preflight: { status: 204, headers: allowPage(true, [[ACAM, '*']]) },
        },
      ),
    );
  }
  for (const [method, acam] of [
    ['patch', 'PUT, DELETE, PATCH'],
    ['PUT', 'PUT'],
    ['PROPFIND', undefined],
  ] as const) {
    const preflight = preflightOk(false, acam);
    out.push(
      single(
        'method',
        `${methodId(method)}-xhr-acam-${acam === undefined ? 'none' : slug(acam)}`,
        `XHR ${method}, preflight ACAM ${acam ?? 'absent'}`,
        { method, client: 'xhr' },
        { headers: allowPage(), preflight: { status: 204, headers: preflight } },
      ),
    );
  }
  for (const [id, method, acam] of PARSING) {
    const headers: Array<[string, string]> = method === 'POST' ? [['X-Custom', '1']] : [];
    out.push(
      single(
        'method-parse',
        id,
        `fetch ${method}${headers.length ? ' + X-Custom' : ''}, preflight ACAM \`${acam}\``,
        { method, headers },
        {
          headers: allowPage(),
          preflight: {
            status: 204,
            headers: [
              [ACAO, PAGE],
              [ACAM, acam],
              ['Access-Control-Allow-Headers', 'x-custom'],
            ],
          },
        },
      ),
    );
  }
  out.push(
    single(
      'method-parse',
      'both-lists-invalid',
      'fetch PUT + X-Custom, ACAM and ACAH both unparsable (methods are parsed first)',
      { method: 'PUT', headers: [['X-Custom', '1']] },
      {
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT DELETE'],
            ['Access-Control-Allow-Headers', 'x-custom y'],
          ],
        },
      },
    ),
    single(
      'method-parse',
      'two-acam-lines',
      'fetch DELETE, ACAM on two lines `PUT` and `DELETE`',
      { method: 'DELETE' },
      {
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
            [ACAM, 'DELETE'],
          ],
        },
      },
    ),
    single(
      'method-parse',
      'star-acac-false',
      'fetch PUT without credentials, ACAM `*`, ACAC false (ignored)',
      { method: 'PUT' },
      {
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAM, '*'],
            [ACAC, 'false'],
          ],
        },
      },
    ),
  );
  return out;
}

export const METHOD_CASES: Case[] = cases();
