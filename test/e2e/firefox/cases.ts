// Blocked requests whose Firefox verdict (console reason) is compared with the engine's, both live
// (firefox.e2e.ts) and from the recording (test/fixtures/firefox, replayed by unit tests).
import type { CorsErrorName, Exchange, Header } from '../../../src/cors/types.ts';
import type { FirefoxReasonKey } from '../../../src/cors/index.ts';
import type { Answer, RecordedRequest, Route } from '../harness/server.ts';
import type { FetchInit } from './page-fetch.ts';

export interface FirefoxCase {
  /** Also the API path: `/<name>`. */
  name: string;
  /** The API's answer; `preflight` answers OPTIONS. Header lists, so the exchange can be rebuilt. */
  route: Route & {
    headers?: [string, string][];
    preflight?: Answer & { headers?: [string, string][] };
  };
  init: FetchInit;
  /** What Chromium reports (CDP corsError), and so what the engine's `diagnose` must say. */
  chromium: CorsErrorName;
  /** The reason Firefox prints (its security.properties key, without the version digit). */
  firefox: FirefoxReasonKey;
}

const ACAO = 'Access-Control-Allow-Origin';

/** The cases, for a page on `site` (some answers name the page's origin). */
export function firefoxCases(site: string): FirefoxCase[] {
  return [
    {
      name: 'missing-allow-origin',
      route: { body: 'data' },
      init: {},
      chromium: 'MissingAllowOriginHeader',
      firefox: 'CORSMissingAllowOrigin',
    },
    {
      name: 'wildcard-with-credentials',
      route: { headers: [[ACAO, '*']] },
      init: { credentials: 'include' },
      chromium: 'WildcardOriginNotAllowed',
      firefox: 'CORSNotSupportingCredentials',
    },
    {
      name: 'other-origin',
      route: { headers: [[ACAO, 'http://other.example']] },
      init: {},
      chromium: 'AllowOriginMismatch',
      firefox: 'CORSAllowOriginNotMatchingOrigin',
    },
    {
      name: 'two-allow-origins',
      route: {
        headers: [
          [ACAO, site],
          [ACAO, site],
        ],
      },
      init: {},
      chromium: 'MultipleAllowOriginValues',
      firefox: 'CORSMultipleAllowOriginNotAllowed',
    },
    {
      name: 'credentials-not-allowed',
      route: { headers: [[ACAO, site]] },
      init: { credentials: 'include' },
      chromium: 'InvalidAllowCredentials',
      firefox: 'CORSMissingAllowCredentials',
    },
    {
      name: 'header-not-allowed',
      route: {
        headers: [[ACAO, '*']],
        preflight: {
          status: 204,
          headers: [
            [ACAO, '*'],
            ['Access-Control-Allow-Methods', 'GET'],
          ],
        },
      },
      init: { headers: { 'X-Trace-Id': '42' } },
      chromium: 'HeaderDisallowedByPreflightResponse',
      firefox: 'CORSMissingAllowHeaderFromPreflight',
    },
    {
      name: 'method-not-allowed',
      route: {
        headers: [[ACAO, '*']],
        preflight: {
          status: 204,
          headers: [
            [ACAO, '*'],
            ['Access-Control-Allow-Methods', 'GET, POST'],
          ],
        },
      },
      init: { method: 'PATCH' },
      chromium: 'MethodDisallowedByPreflightResponse',
      firefox: 'CORSMethodNotFound',
    },
    {
      name: 'preflight-404',
      route: { headers: [[ACAO, '*']], preflight: { status: 404, headers: [[ACAO, '*']] } },
      init: { method: 'PUT' },
      chromium: 'PreflightInvalidStatus',
      firefox: 'CORSPreflightDidNotSucceed',
    },
    {
      // Chromium checks the preflight's Allow-Origin before its status; Firefox prints the same
      // "missing" text for a preflight as for a response (see sameVerdict).
      name: 'preflight-404-no-cors-headers',
      route: { headers: [[ACAO, '*']], preflight: { status: 404, body: 'not found' } },
      init: { method: 'PUT' },
      chromium: 'PreflightMissingAllowOriginHeader',
      firefox: 'CORSMissingAllowOrigin',
    },
  ];
}

/**
 * Firefox's reason and Chromium's agree when they are the same, or when Firefox names the
 * response-stage reason for what Chromium reports at the preflight (`Preflight…`): Firefox's
 * console texts for Allow-Origin and Allow-Credentials do not say which response they are about.
 */
export function sameVerdict(
  fromFirefox: CorsErrorName | undefined,
  chromium: CorsErrorName,
): boolean {
  return fromFirefox === chromium || `Preflight${fromFirefox}` === chromium;
}

/** The header lines the test server sends for an answer (it adds a Content-Type to bodies). */
function sentHeaders(answer: Answer & { headers?: [string, string][] }): Header[] {
  const headers = (answer.headers ?? []).map(([name, value]) => ({ name, value }));
  const status = answer.status ?? 200;
  if (status !== 204 && status !== 304 && !headers.some((h) => /^content-type$/i.test(h.name))) {
    headers.push({ name: 'Content-Type', value: 'text/plain; charset=utf-8' });
  }
  return headers;
}

/**
 * The exchange as it went over the wire, from what the server recorded and what it answered: the
 * input the engine would get from a HAR or from the panel.
 */
export function exchangeFor(
  c: FirefoxCase,
  site: string,
  url: string,
  recorded: RecordedRequest[],
): Exchange {
  const lines = (r: RecordedRequest): Header[] =>
    r.headers.map((h) => ({ name: h.name, value: h.value }));
  const options = recorded.find((r) => r.method === 'OPTIONS');
  const actual = recorded.find((r) => r.method !== 'OPTIONS');
  const method = c.init.method ?? 'GET';
  const request = actual
    ? { url, method: actual.method, headers: lines(actual) }
    : {
        url,
        method,
        headers: [
          { name: 'Origin', value: site },
          ...Object.entries(c.init.headers ?? {}).map(([name, value]) => ({ name, value })),
        ],
      };
  const exchange: Exchange = {
    initiatorOrigin: site,
    mode: 'cors',
    credentials: c.init.credentials ?? 'same-origin',
    initiator: 'fetch',
    legs: [{ request }],
  };
  const leg = exchange.legs[0]!;
  if (options) {
    const answer = c.route.preflight ?? c.route;
    leg.preflight = {
      request: { url, method: 'OPTIONS', headers: lines(options) },
      response: { status: answer.status ?? 200, headers: sentHeaders(answer) },
    };
  }
  if (actual) leg.response = { status: c.route.status ?? 200, headers: sentHeaders(c.route) };
  return exchange;
}
