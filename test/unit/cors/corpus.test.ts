/**
 * The differential corpus of reference §6.2 (WPT + Chromium unit tests), table-driven. Expected values
 * are Chrome's decision; rows where Chrome deviates from the spec say so.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import type { CorsErrorName, Exchange, Verdict } from '../../../src/cors/types.ts';
import { chain, ex, O, R, R2, res } from './helpers.ts';

interface Row {
  n: number;
  name: string;
  exchange: Exchange;
  verdict: Verdict;
  reason?: CorsErrorName;
  param?: string;
}

const ACAO_ANY = 'Access-Control-Allow-Origin: *';
const ACAO_O = `Access-Control-Allow-Origin: ${O}`;
const ACAC = 'Access-Control-Allow-Credentials: true';
const long = (n: number, c = 'a'): string => c.repeat(n);
/** A credentialed preflight answered with `*` methods and headers: `*` is literal with credentials. */
const STARS_WITH_CREDENTIALS = res(
  200,
  ACAO_O,
  ACAC,
  'Access-Control-Allow-Methods: *',
  'Access-Control-Allow-Headers: *',
);
/** R redirects (302, ACAO *) to `location`; `finalUrl` (the location itself by default) answers 200 with `finalAcao`. */
const viaRedirect = (location: string, finalAcao: string, finalUrl = location): Exchange =>
  chain(O, [
    { url: R, response: res(302, ACAO_ANY, `Location: ${location}`) },
    { url: finalUrl, response: res(200, finalAcao) },
  ]);

const rows: Row[] = [
  { n: 1, name: 'GET, ACAO *', exchange: ex({ response: res(200, ACAO_ANY) }), verdict: 'allowed' },
  {
    n: 2,
    name: 'GET, no ACAO',
    exchange: ex({ response: res(200) }),
    verdict: 'blocked',
    reason: 'MissingAllowOriginHeader',
    param: '',
  },
  {
    n: 3,
    name: 'no-cors, no ACAO',
    exchange: ex({ mode: 'no-cors', response: res(200) }),
    verdict: 'not-cors',
  },
  { n: 4, name: 'ACAO = origin', exchange: ex({ response: res(200, ACAO_O) }), verdict: 'allowed' },
  {
    n: 5,
    name: "ACAO = the server's own origin",
    exchange: ex({ response: res(200, 'Access-Control-Allow-Origin: https://api.test') }),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: 'https://api.test',
  },
  {
    n: 6,
    name: 'ACAO empty',
    exchange: ex({ response: res(200, 'Access-Control-Allow-Origin:') }),
    verdict: 'blocked',
    reason: 'InvalidAllowOriginValue',
    param: '',
  },
  {
    n: 7,
    name: 'ACAO with LWS around *',
    exchange: ex({
      initiator: 'xhr',
      response: { status: 200, headers: [{ name: 'Access-Control-Allow-Origin', value: ' *  ' }] },
    }),
    verdict: 'allowed',
  },
  {
    n: 7.1,
    name: 'ACAO tab-prefixed *',
    exchange: ex({
      response: { status: 200, headers: [{ name: 'Access-Control-Allow-Origin', value: '\t*' }] },
    }),
    verdict: 'allowed',
  },
  {
    n: 7.2,
    name: 'ACAO origin with LWS',
    exchange: ex({
      response: {
        status: 200,
        headers: [{ name: 'Access-Control-Allow-Origin', value: ` ${O}\t` }],
      },
    }),
    verdict: 'allowed',
  },
  {
    n: 8,
    name: 'ACAO trailing slash',
    exchange: ex({ response: res(200, `Access-Control-Allow-Origin: ${O}/`) }),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: `${O}/`,
  },
  {
    n: 9,
    name: 'ACAO upper-case',
    exchange: ex({ response: res(200, `Access-Control-Allow-Origin: ${O.toUpperCase()}`) }),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: O.toUpperCase(),
  },
  {
    n: 10,
    name: 'ACAO bare host',
    exchange: ex({ response: res(200, 'Access-Control-Allow-Origin: app.test') }),
    verdict: 'blocked',
    reason: 'InvalidAllowOriginValue',
    param: 'app.test',
  },
  {
    n: 11,
    name: 'ACAO null for a normal origin',
    exchange: ex({ response: res(200, 'Access-Control-Allow-Origin: null') }),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: 'null',
  },
  {
    n: 12,
    name: 'ACAO "*, O"',
    exchange: ex({ response: res(200, `Access-Control-Allow-Origin: *, ${O}`) }),
    verdict: 'blocked',
    reason: 'MultipleAllowOriginValues',
    param: `*, ${O}`,
  },
  {
    n: 13,
    name: 'two identical ACAO lines',
    exchange: ex({ response: res(200, ACAO_O, ACAO_O) }),
    verdict: 'blocked',
    reason: 'MultipleAllowOriginValues',
    param: `${O}, ${O}`,
  },
  {
    n: 14,
    name: 'two ACAO * lines',
    exchange: ex({ response: res(200, ACAO_ANY, ACAO_ANY) }),
    verdict: 'blocked',
    reason: 'MultipleAllowOriginValues',
    param: '*, *',
  },
  {
    n: 15,
    name: 'ACAO space-separated',
    exchange: ex({ response: res(200, `Access-Control-Allow-Origin: ${O} https://x.test`) }),
    verdict: 'blocked',
    reason: 'MultipleAllowOriginValues',
    param: `${O} https://x.test`,
  },
  {
    n: 16,
    name: 'opaque initiator, ACAO null',
    exchange: ex({
      initiatorOrigin: 'null',
      response: res(200, 'Access-Control-Allow-Origin: null'),
    }),
    verdict: 'allowed',
  },
  {
    n: 17,
    name: 'opaque initiator, no ACAO',
    exchange: ex({ initiatorOrigin: 'null', response: res(200) }),
    verdict: 'blocked',
    reason: 'MissingAllowOriginHeader',
  },
  {
    n: 18,
    name: 'include, ACAO * + ACAC',
    exchange: ex({ credentials: 'include', response: res(200, ACAO_ANY, ACAC) }),
    verdict: 'blocked',
    reason: 'WildcardOriginNotAllowed',
    param: '',
  },
  {
    n: 19,
    name: 'include, no ACAC',
    exchange: ex({ credentials: 'include', response: res(200, ACAO_O) }),
    verdict: 'blocked',
    reason: 'InvalidAllowCredentials',
    param: '',
  },
  ...['TRUE', 'True', '"true"', 'false', '1', '0'].map((v): Row => ({
    n: 20,
    name: `include, ACAC ${v}`,
    exchange: ex({
      credentials: 'include',
      initiator: 'xhr',
      response: res(200, ACAO_O, `Access-Control-Allow-Credentials: ${v}`),
    }),
    verdict: 'blocked',
    reason: 'InvalidAllowCredentials',
    param: v,
  })),
  {
    n: 21,
    name: 'include, ACAO O + ACAC true',
    exchange: ex({ credentials: 'include', response: res(200, ACAO_O, ACAC) }),
    verdict: 'allowed',
  },
  {
    n: 22,
    name: 'same-origin cred ignores ACAC false',
    exchange: ex({
      credentials: 'same-origin',
      response: res(200, ACAO_O, 'Access-Control-Allow-Credentials: false'),
    }),
    verdict: 'allowed',
  },
  {
    n: 23,
    name: '500 with ACAO *',
    exchange: ex({ response: res(500, ACAO_ANY) }),
    verdict: 'allowed',
  },
  {
    n: 24,
    name: 'POST text/plain;charset=utf-8, no preflight',
    exchange: ex({
      method: 'POST',
      headers: ['Content-Type: text/plain;charset=utf-8'],
      response: res(200, ACAO_ANY),
    }),
    verdict: 'allowed',
  },
  {
    n: 25,
    name: 'Content-Type Text/Plain',
    exchange: ex({
      headers: ['Content-Type: Text/Plain;charset=utf-8'],
      response: res(200, ACAO_ANY),
    }),
    verdict: 'allowed',
  },
  {
    n: 26,
    name: 'Content-Type "text /plain" preflighted, PF without ACAO',
    exchange: ex({ method: 'POST', headers: ['Content-Type: text /plain'], preflight: res(200) }, [
      'content-type',
    ]),
    verdict: 'blocked',
    reason: 'PreflightMissingAllowOriginHeader',
  },
  {
    n: 27,
    name: 'application/json, PF without ACAH',
    exchange: ex(
      {
        method: 'POST',
        headers: ['Content-Type: application/json'],
        preflight: res(200, ACAO_ANY),
      },
      ['content-type'],
    ),
    verdict: 'blocked',
    reason: 'HeaderDisallowedByPreflightResponse',
    param: 'content-type',
  },
  {
    n: 28,
    name: 'Accept of 129 bytes',
    exchange: ex({ headers: [`Accept: ${long(129)}`], preflight: res(200, ACAO_ANY) }, ['accept']),
    verdict: 'blocked',
    reason: 'HeaderDisallowedByPreflightResponse',
    param: 'accept',
  },
  {
    n: 29,
    name: 'Range bytes=100-200, no preflight',
    exchange: ex({ headers: ['Range: bytes=100-200'], response: res(206, ACAO_ANY) }),
    verdict: 'allowed',
  },
  {
    n: 30,
    name: 'Range suffix',
    exchange: ex({ headers: ['Range: bytes=-200'], preflight: res(200, ACAO_ANY) }, ['range']),
    verdict: 'blocked',
    reason: 'HeaderDisallowedByPreflightResponse',
    param: 'range',
  },
  {
    n: 31,
    name: 'Accept joined to > 128 bytes',
    exchange: ex(
      {
        headers: Array.from({ length: 9 }, () => `Accept: ${long(120)}`),
        preflight: res(200, ACAO_ANY),
      },
      ['accept'],
    ),
    verdict: 'blocked',
    reason: 'HeaderDisallowedByPreflightResponse',
    param: 'accept',
  },
  {
    n: 32,
    name: 'PUT allowed',
    exchange: ex({
      method: 'PUT',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: PUT'),
      response: res(200, ACAO_ANY),
    }),
    verdict: 'allowed',
  },
  {
    n: 33,
    name: 'PUT, no ACAM',
    exchange: ex({ method: 'PUT', preflight: res(200, ACAO_ANY) }),
    verdict: 'blocked',
    reason: 'MethodDisallowedByPreflightResponse',
    param: 'PUT',
  },
  {
    n: 34,
    name: 'patch vs ACAM PATCH',
    exchange: ex({
      method: 'patch',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: PATCH'),
    }),
    verdict: 'blocked',
    reason: 'MethodDisallowedByPreflightResponse',
    param: 'patch',
  },
  {
    n: 35,
    name: 'DELETE vs ACAM DELETE',
    exchange: ex({
      method: 'DELETE',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: DELETE'),
      response: res(200, ACAO_ANY),
    }),
    verdict: 'allowed',
  },
  {
    n: 35.1,
    name: 'DELETE vs ACAM delete',
    exchange: ex({
      method: 'DELETE',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: delete'),
    }),
    verdict: 'blocked',
    reason: 'MethodDisallowedByPreflightResponse',
    param: 'DELETE',
  },
  {
    n: 36,
    name: 'SUPER + X-Test with ACAM *',
    exchange: ex(
      {
        method: 'SUPER',
        headers: ['X-Test: 1'],
        preflight: res(
          200,
          ACAO_ANY,
          'Access-Control-Allow-Methods: *',
          'Access-Control-Allow-Headers: x-test',
        ),
        response: res(200, ACAO_ANY),
      },
      ['x-test'],
    ),
    verdict: 'allowed',
  },
  {
    n: 37,
    name: 'OK method with credentials and *',
    exchange: ex(
      {
        method: 'OK',
        headers: ['X-Test: 1'],
        credentials: 'include',
        preflight: STARS_WITH_CREDENTIALS,
      },
      ['x-test'],
    ),
    verdict: 'blocked',
    reason: 'MethodDisallowedByPreflightResponse',
    param: 'OK',
  },
  {
    n: 38,
    name: 'X-Test with credentials and *',
    exchange: ex(
      {
        headers: ['X-Test: 1'],
        credentials: 'include',
        preflight: STARS_WITH_CREDENTIALS,
      },
      ['x-test'],
    ),
    verdict: 'blocked',
    reason: 'HeaderDisallowedByPreflightResponse',
    param: 'x-test',
  },
  {
    n: 39,
    name: 'literal * method and header with credentials',
    exchange: ex(
      {
        method: '*',
        headers: ['*: 1'],
        credentials: 'include',
        preflight: STARS_WITH_CREDENTIALS,
        response: res(200, ACAO_O, ACAC),
      },
      ['*'],
    ),
    verdict: 'allowed',
  },
  {
    n: 40,
    name: 'Authorization covered by * (Chrome deviation)',
    exchange: ex(
      {
        method: 'POST',
        headers: ['Authorization: 123'],
        credentials: 'same-origin',
        preflight: res(
          200,
          ACAO_ANY,
          'Access-Control-Allow-Methods: *',
          'Access-Control-Allow-Headers: *',
        ),
        response: res(200, ACAO_ANY),
      },
      ['authorization'],
    ),
    verdict: 'allowed',
  },
  {
    n: 41,
    name: 'ACAH "*, Authorization"',
    exchange: ex(
      {
        method: 'POST',
        headers: ['Authorization: 123'],
        preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Headers: *, Authorization'),
        response: res(200, ACAO_ANY),
      },
      ['authorization'],
    ),
    verdict: 'allowed',
  },
  ...[200, 204, 206].map((s): Row => ({
    n: 42,
    name: `forced preflight, status ${s}`,
    exchange: ex(
      {
        headers: ['X-Force-Preflight: 1'],
        preflight: res(s, ACAO_ANY, 'Access-Control-Allow-Headers: x-force-preflight'),
        response: res(200, ACAO_ANY),
      },
      ['x-force-preflight'],
    ),
    verdict: 'allowed',
  })),
  ...[300, 304, 305, 306, 400, 401, 403, 404, 405, 501, 502, 503, 504, 505].map((s): Row => ({
    n: 43,
    name: `preflight status ${s} with ACAO *`,
    exchange: ex(
      {
        headers: ['X-Force-Preflight: 1'],
        preflight: res(s, ACAO_ANY, 'Access-Control-Allow-Headers: x-force-preflight'),
      },
      ['x-force-preflight'],
    ),
    verdict: 'blocked',
    reason: 'PreflightInvalidStatus',
    param: '',
  })),
  {
    n: 44,
    name: 'preflight 404 without ACAO (Chrome order)',
    exchange: ex({ headers: ['X-Force-Preflight: 1'], preflight: res(404) }, ['x-force-preflight']),
    verdict: 'blocked',
    reason: 'PreflightMissingAllowOriginHeader',
  },
  ...[301, 302, 303, 307, 308].map((s): Row => ({
    n: 45,
    name: `preflight redirect ${s}`,
    exchange: ex(
      {
        headers: ['X-Force-Preflight: 1'],
        preflight: res(s, ACAO_ANY, 'Location: https://api.test/elsewhere'),
      },
      ['x-force-preflight'],
    ),
    verdict: 'blocked',
    reason: 'PreflightDisallowedRedirect',
  })),
  {
    n: 46,
    name: 'ACAH with a space',
    exchange: ex(
      {
        headers: ['X-Force-Preflight: 1'],
        preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Headers: header name with space'),
      },
      ['x-force-preflight'],
    ),
    verdict: 'blocked',
    reason: 'InvalidAllowHeadersPreflightResponse',
  },
  {
    n: 47,
    name: 'ACAM with a space',
    exchange: ex({
      method: 'PUT',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: Bad method name'),
    }),
    verdict: 'blocked',
    reason: 'InvalidAllowMethodsPreflightResponse',
  },
  {
    n: 48,
    name: 'PUT include, PF ACAO *',
    exchange: ex({
      method: 'PUT',
      credentials: 'include',
      preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: PUT'),
    }),
    verdict: 'blocked',
    reason: 'PreflightWildcardOriginNotAllowed',
  },
  {
    n: 49,
    name: 'PUT include, PF without ACAC',
    exchange: ex({
      method: 'PUT',
      credentials: 'include',
      preflight: res(200, ACAO_O, 'Access-Control-Allow-Methods: PUT'),
    }),
    verdict: 'blocked',
    reason: 'PreflightInvalidAllowCredentials',
    param: '',
  },
  {
    n: 50,
    name: 'PUT, PF ok, AR without ACAO',
    exchange: ex({
      method: 'PUT',
      preflight: res(204, ACAO_ANY, 'Access-Control-Allow-Methods: PUT'),
      response: res(200),
    }),
    verdict: 'blocked',
    reason: 'MissingAllowOriginHeader',
  },
  {
    n: 51,
    name: 'cors → cors (both *)',
    exchange: viaRedirect(R2, ACAO_ANY),
    verdict: 'allowed',
  },
  {
    n: 52,
    name: 'cors → page origin (tainted, *)',
    exchange: viaRedirect(`${O}/x`, ACAO_ANY),
    verdict: 'allowed',
  },
  {
    n: 52.1,
    name: 'cors → page origin, final echoes page origin',
    exchange: viaRedirect(`${O}/x`, ACAO_O),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: O,
  },
  {
    n: 53,
    name: 'tainted, R2 echoes O',
    exchange: viaRedirect(R2, ACAO_O),
    verdict: 'blocked',
    reason: 'AllowOriginMismatch',
    param: O,
  },
  {
    n: 53.1,
    name: 'tainted, R2 answers null',
    exchange: viaRedirect(R2, 'Access-Control-Allow-Origin: null'),
    verdict: 'allowed',
  },
  {
    n: 54,
    name: '302 without ACAO',
    exchange: chain(O, [{ url: R, response: res(302, `Location: ${R2}`) }]),
    verdict: 'blocked',
    reason: 'MissingAllowOriginHeader',
  },
  {
    n: 55,
    name: 'same-origin → userinfo redirect',
    exchange: chain(O, [
      { url: `${O}/r`, response: res(302, 'Location: https://user:pass@api.test/x') },
    ]),
    verdict: 'blocked',
    reason: 'RedirectContainsCredentials',
    param: '',
  },
  {
    n: 55.1,
    name: 'cors → userinfo redirect',
    exchange: chain(O, [
      { url: R, response: res(302, ACAO_ANY, 'Location: https://user:pass@api.test/x') },
    ]),
    verdict: 'blocked',
    reason: 'RedirectContainsCredentials',
  },
  {
    n: 56,
    name: 'redirect with empty userinfo (//@)',
    exchange: viaRedirect('https://@api.test/x', ACAO_ANY, 'https://api.test/x'),
    verdict: 'allowed',
  },
  {
    n: 56.1,
    name: 'redirect with ":@" (no credentials, checked in Chromium 156)',
    exchange: viaRedirect('https://:@api.test/x', ACAO_ANY, 'https://api.test/x'),
    verdict: 'allowed',
  },
  {
    n: 57,
    name: 'redirect after a preflight is followed, re-preflighted (Chrome)',
    exchange: chain(O, [
      {
        url: R,
        headers: ['X-Force-Preflight: 1'],
        unsafe: ['x-force-preflight'],
        preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Headers: x-force-preflight'),
        response: res(302, ACAO_ANY, `Location: ${R2}`),
      },
      {
        url: R2,
        headers: ['X-Force-Preflight: 1'],
        unsafe: ['x-force-preflight'],
        preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Headers: x-force-preflight'),
        response: res(200, ACAO_ANY),
      },
    ]),
    verdict: 'allowed',
  },
  {
    n: 58,
    name: '21 redirects',
    exchange: chain(
      O,
      Array.from({ length: 22 }, (_, i) => ({
        url: `https://api.test/${i}`,
        response: res(302, ACAO_ANY, `Location: https://api.test/${i + 1}`),
      })),
    ),
    verdict: 'network-error',
  },
  {
    n: 59,
    name: 'mode same-origin, cross-origin URL',
    exchange: ex({ mode: 'same-origin', response: res(200, ACAO_ANY) }),
    verdict: 'blocked',
    reason: 'DisallowedByMode',
  },
  {
    n: 61,
    name: 'ftp: URL',
    exchange: ex({ url: 'ftp://api.test/x' }),
    verdict: 'blocked',
    reason: 'CorsDisabledScheme',
  },
  {
    n: 61.1,
    name: 'file: URL',
    exchange: ex({ url: 'file:///etc/hosts', initiator: 'xhr' }),
    verdict: 'blocked',
    reason: 'CorsDisabledScheme',
  },
];

describe('reference §6.2 corpus (Chrome decisions)', () => {
  it.each(rows.map((r) => [`#${r.n} ${r.name}`, r] as const))('%s', (_name, row) => {
    const d = diagnose(row.exchange);
    expect(d.verdict).toBe(row.verdict);
    expect(d.reason).toBe(row.reason);
    if (row.param !== undefined) expect(d.failedParameter).toBe(row.param);
    if (row.verdict === 'blocked' && row.reason) {
      expect(d.consoleMessage).toBeTypeOf('string');
      expect(d.checks.some((c) => !c.passed)).toBe(true);
    }
  });

  it('#58 reports too many redirects as a network error, not CORS', () => {
    const d = diagnose(rows.find((r) => r.n === 58)!.exchange);
    expect(d.netError).toBe('net::ERR_TOO_MANY_REDIRECTS');
  });

  it('#40 notes the Authorization/* deviation', () => {
    const d = diagnose(rows.find((r) => r.n === 40)!.exchange);
    expect(d.notes.join(' ')).toMatch(/Authorization/);
  });

  it('#53 explains the null origin after a cross-origin redirect', () => {
    const d = diagnose(rows.find((r) => r.n === 53)!.exchange);
    expect(d.explanation.join(' ')).toMatch(/Origin: null/);
    expect(d.consoleMessage).toBe(
      `Access to fetch at '${R2}' (redirected from '${R}') from origin '${O}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '${O}' that is not equal to the supplied origin. Have the server send the header with a valid value.`,
    );
  });
});
