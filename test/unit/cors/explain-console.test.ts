import { describe, expect, it } from 'vitest';
import {
  diagnose,
  explainConsoleMessage,
  firefoxReasonToCorsError,
} from '../../../src/cors/index.ts';
import { ex, res } from './helpers.ts';

const chrome = (body: string, kind = 'fetch', url = 'https://api.test/x') =>
  `Access to ${kind} at '${url}' from origin 'https://app.test' has been blocked by CORS policy: ${body}`;

describe('explainConsoleMessage: Chrome', () => {
  it.each([
    [
      "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
      'MissingAllowOriginHeader',
      '',
    ],
    [
      "No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
      'MissingAllowOriginHeader',
      '',
    ],
    [
      "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
      'PreflightMissingAllowOriginHeader',
      '',
    ],
    [
      "The 'Access-Control-Allow-Origin' header has a value 'https://app.test/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
      'AllowOriginMismatch',
      'https://app.test/',
    ],
    [
      "Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header contains multiple values '*, *', but only one is allowed. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
      'PreflightMultipleAllowOriginValues',
      '*, *',
    ],
    [
      "The 'Access-Control-Allow-Origin' header contains the invalid value 'app.test'.",
      'InvalidAllowOriginValue',
      'app.test',
    ],
    [
      "The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be 'true' when the request's credentials mode is 'include'.",
      'InvalidAllowCredentials',
      'TRUE',
    ],
    [
      "Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
      'PreflightInvalidStatus',
      '',
    ],
    [
      'Method patch is not allowed by Access-Control-Allow-Methods in preflight response.',
      'MethodDisallowedByPreflightResponse',
      'patch',
    ],
    [
      'Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.',
      'HeaderDisallowedByPreflightResponse',
      'x-api-key',
    ],
    [
      "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
      'RedirectContainsCredentials',
      '',
    ],
    [
      'Permission was denied for this request to access the `loopback` address space.',
      'LocalNetworkAccessPermissionDenied',
      '',
    ],
    [
      'The request client is not a secure context and the resource is in more-private address space `local`.',
      'InsecureLocalNetwork',
      '',
    ],
  ] as const)('%s', (body, reason, param) => {
    const r = explainConsoleMessage(chrome(body));
    if ('error' in r) throw new Error(r.error);
    expect(r).toMatchObject({
      source: 'chrome',
      reason,
      failedParameter: param,
      url: 'https://api.test/x',
      origin: 'https://app.test',
    });
    expect(r.diagnosis.verdict).toBe('blocked');
    expect(r.diagnosis.reason).toBe(reason);
    expect(r.diagnosis.explanation.length).toBeGreaterThan(2);
  });

  it('gives the same summary and fix as a recorded exchange of that kind', () => {
    const fromLine = explainConsoleMessage(
      chrome("No 'Access-Control-Allow-Origin' header is present on the requested resource."),
    );
    const recorded = diagnose(ex({ url: 'https://api.test/x', response: res(200) }));
    if ('error' in fromLine) throw new Error(fromLine.error);
    const fix = (ps: string[]) => ps.find((p) => p.startsWith('Fix:'));
    expect(fix(fromLine.diagnosis.explanation)).toBe(fix(recorded.explanation));
    expect(fromLine.diagnosis.consoleMessage).toBe(recorded.consoleMessage);
  });
  it('reads "(redirected from …)", XHR, DevTools prefixes and trailing noise', () => {
    const line = `app.js:12 Access to XMLHttpRequest at 'https://b.test/y' (redirected from 'https://a.test/x') from origin 'https://app.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.test' that is not equal to the supplied origin.\nGET https://b.test/y net::ERR_FAILED 200 (OK)`;
    const r = explainConsoleMessage(line);
    if ('error' in r) throw new Error(r.error);
    expect(r).toMatchObject({
      reason: 'AllowOriginMismatch',
      url: 'https://b.test/y',
      failedParameter: 'https://app.test',
    });
    expect(r.diagnosis.notes.join(' ')).toMatch(/Origin: null/);
  });
  it('reads renderer-side fetch() lines', () => {
    const r = explainConsoleMessage(
      'Fetch API cannot load http://localhost:47102/a. Request mode is "same-origin" but the URL\'s origin is not same as the request origin http://127.0.0.1:47101.',
    );
    expect(r).toMatchObject({
      source: 'chrome',
      reason: 'DisallowedByMode',
      origin: 'http://127.0.0.1:47101',
    });
    expect(
      explainConsoleMessage(
        'Fetch API cannot load ftp://localhost/x. URL scheme "ftp" is not supported.',
      ),
    ).toMatchObject({ reason: 'CorsDisabledScheme' });
  });
  it('reads the pre-M72 XHR format', () => {
    const r = explainConsoleMessage(
      "XMLHttpRequest cannot load http://x.test/. The 'Access-Control-Allow-Origin' header contains multiple values '*, null', but only one is allowed. Origin 'http://a.test' is therefore not allowed access.",
    );
    expect(r).toMatchObject({
      reason: 'MultipleAllowOriginValues',
      failedParameter: '*, null',
      origin: 'http://a.test',
    });
  });
});

describe('explainConsoleMessage: Firefox', () => {
  const ff = (reason: string, tail = '', url = 'https://api.test/x') =>
    `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}).${tail}`;
  it.each([
    [
      'CORS header \u2018Access-Control-Allow-Origin\u2019 missing',
      ' Status code: 200.',
      'MissingAllowOriginHeader',
    ],
    [
      "CORS header 'Access-Control-Allow-Origin' missing",
      ' Status code: 404.',
      'MissingAllowOriginHeader',
    ],
    [
      'CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018https://app.test/\u2019',
      '',
      'AllowOriginMismatch',
    ],
    [
      'CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018app.test\u2019',
      '',
      'InvalidAllowOriginValue',
    ],
    [
      'CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018https://a.test, https://b.test\u2019',
      '',
      'MultipleAllowOriginValues',
    ],
    [
      'Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed',
      '',
      'MultipleAllowOriginValues',
    ],
    [
      'Credential is not supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019',
      '',
      'WildcardOriginNotAllowed',
    ],
    [
      'expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019',
      '',
      'InvalidAllowCredentials',
    ],
    [
      'Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019',
      '',
      'MethodDisallowedByPreflightResponse',
    ],
    [
      'header \u2018x-api-key\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight response',
      '',
      'HeaderDisallowedByPreflightResponse',
    ],
    [
      "missing token 'x-api-key' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel",
      '',
      'HeaderDisallowedByPreflightResponse',
    ],
    [
      'invalid token \u2018GET POST\u2019 in CORS header \u2018Access-Control-Allow-Methods\u2019',
      '',
      'InvalidAllowMethodsPreflightResponse',
    ],
    ['CORS preflight response did not succeed', ' Status code: 404.', 'PreflightInvalidStatus'],
    ['CORS request external redirect not allowed', '', 'PreflightDisallowedRedirect'],
    ['CORS request not HTTP', '', 'CorsDisabledScheme'],
  ] as const)('%s', (reason, tail, expected) => {
    const r = explainConsoleMessage(ff(reason, tail));
    if ('error' in r) throw new Error(r.error);
    expect(r.source).toBe('firefox');
    expect(r.reason).toBe(expected);
    expect(r.url).toBe('https://api.test/x');
    expect(r.diagnosis.reason).toBe(expected);
  });
  it('the header name is the failed parameter', () => {
    const r = explainConsoleMessage(
      ff(
        'header \u2018x-api-key\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight response',
      ),
    );
    expect(r).toMatchObject({ failedParameter: 'x-api-key' });
  });
  it('"did not succeed" is a network problem, not CORS', () => {
    const r = explainConsoleMessage(ff('CORS request did not succeed', ' Status code: (null).'));
    if ('error' in r) throw new Error(r.error);
    expect(r.reason).toBeUndefined();
    expect(r.diagnosis.verdict).toBe('network-error');
  });
  it('maps keys with version digits', () => {
    expect(firefoxReasonToCorsError('CORSMissingAllowOrigin2')).toBe('MissingAllowOriginHeader');
    expect(firefoxReasonToCorsError('CORSPreflightDidNotSucceed3')).toBe('PreflightInvalidStatus');
    expect(firefoxReasonToCorsError('CORSDisabled')).toBeUndefined();
    expect(firefoxReasonToCorsError('nonsense')).toBeUndefined();
  });
});

describe('explainConsoleMessage: not a CORS line', () => {
  it.each(['', 'hello', 'GET https://x.test/ net::ERR_FAILED', '\u0000'.repeat(50000)])(
    '%j → error',
    (t) => {
      expect(explainConsoleMessage(t)).toHaveProperty('error');
    },
  );
  it('non-string input', () => {
    expect(explainConsoleMessage(undefined as unknown as string)).toHaveProperty('error');
  });
});
