/** Console lines as Chromium 156 printed them here (probe with two local servers, see the report). */
import { describe, expect, it } from 'vitest';
import { consoleMessage, diagnose } from '../../../src/cors/index.ts';
import { ex, O, R, res } from './helpers.ts';

const A = 'http://localhost:47102/a';
const P = 'http://127.0.0.1:47101';
const env = (kind: string, url = A) =>
  `Access to ${kind} at '${url}' from origin '${P}' has been blocked by CORS policy: `;

describe('consoleMessage (verbatim Chromium 156 text)', () => {
  it.each([
    [
      'MissingAllowOriginHeader',
      '',
      'fetch',
      "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ],
    [
      'MissingAllowOriginHeader',
      '',
      'xhr',
      "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ],
    [
      'AllowOriginMismatch',
      'http://x.test',
      'fetch',
      "The 'Access-Control-Allow-Origin' header has a value 'http://x.test' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    ],
    [
      'InvalidAllowOriginValue',
      'example.com',
      'fetch',
      "The 'Access-Control-Allow-Origin' header contains the invalid value 'example.com'. Have the server send the header with a valid value.",
    ],
    [
      'MultipleAllowOriginValues',
      'http://127.0.0.1:47101, http://x',
      'fetch',
      "The 'Access-Control-Allow-Origin' header contains multiple values 'http://127.0.0.1:47101, http://x', but only one is allowed. Have the server send the header with a valid value.",
    ],
    [
      'RedirectContainsCredentials',
      '',
      'fetch',
      "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
    ],
    [
      'PreflightInvalidStatus',
      '',
      'fetch',
      "Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
    ],
    [
      'PreflightMissingAllowOriginHeader',
      '',
      'fetch',
      "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ],
    [
      'PreflightDisallowedRedirect',
      '',
      'fetch',
      "Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
    ],
    [
      'HeaderDisallowedByPreflightResponse',
      'x-a',
      'fetch',
      'Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight response.',
    ],
    [
      'MethodDisallowedByPreflightResponse',
      'patch',
      'fetch',
      'Method patch is not allowed by Access-Control-Allow-Methods in preflight response.',
    ],
    [
      'WildcardOriginNotAllowed',
      '',
      'xhr',
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
    ],
    [
      'InvalidAllowCredentials',
      '',
      'fetch',
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
    ],
    [
      'InvalidAllowMethodsPreflightResponse',
      '',
      'fetch',
      'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
    ],
  ] as const)('%s (%s, %s)', (reason, param, initiator, body) => {
    const kind = initiator === 'xhr' ? 'XMLHttpRequest' : 'fetch';
    expect(
      consoleMessage({
        reason,
        failedParameter: param,
        initialUrl: A,
        lastUrl: A,
        origin: P,
        initiator,
      }),
    ).toBe(env(kind) + body);
  });

  it('XHR to a non-CORS scheme lists the schemes', () => {
    expect(
      consoleMessage({
        reason: 'CorsDisabledScheme',
        failedParameter: '',
        initialUrl: 'foo://bar/x',
        lastUrl: 'foo://bar/x',
        origin: P,
        initiator: 'xhr',
      }),
    ).toBe(
      `Access to XMLHttpRequest at 'foo://bar/x' from origin '${P}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.`,
    );
  });
  it('fetch() renderer-side lines', () => {
    expect(
      consoleMessage({
        reason: 'DisallowedByMode',
        failedParameter: '',
        initialUrl: A,
        lastUrl: A,
        origin: P,
        initiator: 'fetch',
      }),
    ).toBe(
      `Fetch API cannot load ${A}. Request mode is "same-origin" but the URL's origin is not same as the request origin ${P}.`,
    );
    expect(
      consoleMessage({
        reason: 'CorsDisabledScheme',
        failedParameter: '',
        initialUrl: 'ftp://localhost/x',
        lastUrl: 'ftp://localhost/x',
        origin: P,
        initiator: 'fetch',
      }),
    ).toBe('Fetch API cannot load ftp://localhost/x. URL scheme "ftp" is not supported.');
  });
  it("escapes the hint's non-printable UTF-8 bytes like EncodeHint", () => {
    const line = (failedParameter: string) =>
      consoleMessage({
        reason: 'InvalidAllowOriginValue',
        failedParameter,
        initialUrl: A,
        lastUrl: A,
        origin: P,
        initiator: 'fetch',
      });
    // Chromium 156 printed the header bytes C3 A9 (CDP shows them as "\u00c3\u00a9") like this:
    expect(line('\u00c3\u00a9')).toContain("'\\u00C3\\u0083\\u00C2\\u00A9'");
    expect(line('a\tb')).toContain("'a\\u0009b'");
    expect(line('plain')).toContain("'plain'");
  });
  it('diagnose() produces the same line for the recorded exchange', () => {
    const d = diagnose(ex({ initiator: 'xhr', response: res(200) }));
    expect(d.consoleMessage).toBe(
      `Access to XMLHttpRequest at '${R}' from origin '${O}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });
});
