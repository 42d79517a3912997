/** Property tests: invariants that must hold for any input, found by fast-check. */
import { binaryString, fc, test, webUrl } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import {
  checkAccess,
  consoleMessage,
  CORS_ERRORS,
  diagnose,
  explainConsoleMessage,
  firefoxReasonToCorsError,
  needsPreflight,
} from '../../../src/cors/index.ts';
import type { CorsErrorName, CredentialsMode, Exchange, Header } from '../../../src/cors/types.ts';

/** Short hostile strings, plus cheap huge ones (generating long random strings is slow). */
const anyString = fc.oneof(
  fc.string(),
  binaryString(),
  fc.constantFrom('', ' ', '\u0000', '\r\n', 'null', '*', '\ud800'),
  fc
    .tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 1000, max: 100_000 }))
    .map(([s, n]) => (s || 'x').repeat(n)),
);
const header = fc.record({ name: anyString, value: anyString });
const headers = fc.array(header, { maxLength: 12 });
const response = fc.option(
  fc.record({ status: fc.oneof(fc.integer({ min: -5, max: 999 }), fc.double()), headers }),
  { nil: undefined },
);
const request = fc.record({ url: fc.oneof(anyString, webUrl()), method: anyString, headers });

/** Exchange-shaped values with hostile contents. */
const hostileExchange = fc.record(
  {
    initiatorOrigin: fc.oneof(anyString, webUrl()),
    mode: fc.oneof(fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate'), anyString),
    credentials: fc.oneof(fc.constantFrom('omit', 'same-origin', 'include'), anyString),
    initiator: fc.oneof(fc.constantFrom('fetch', 'xhr', 'other'), anyString),
    forcedPreflight: fc.boolean(),
    legs: fc.array(
      fc.record(
        {
          request,
          preflight: fc.record(
            { request, response, netError: fc.option(anyString, { nil: undefined }) },
            { requiredKeys: ['request'] },
          ),
          response,
          netError: fc.option(anyString, { nil: undefined }),
        },
        { requiredKeys: ['request'] },
      ),
      { maxLength: 4 },
    ),
    observed: fc.record(
      {
        netError: anyString,
        corsError: fc.oneof(fc.constantFrom(...CORS_ERRORS), anyString),
        failedParameter: anyString,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['legs'] },
);

describe('diagnose never throws', () => {
  test.prop([hostileExchange], { numRuns: 400 })('on hostile Exchange-shaped input', (e) => {
    const d = diagnose(e as unknown as Exchange);
    expect(typeof d.summary).toBe('string');
    expect(['allowed', 'blocked', 'not-cors', 'network-error']).toContain(d.verdict);
    // An internal error would be a bug even though the guard catches it.
    expect(d.notes.join(' ')).not.toMatch(/Internal error/);
  });
  test.prop([fc.anything()], { numRuns: 200 })('on anything at all', (v) => {
    expect(() => diagnose(v as Exchange)).not.toThrow();
  });
});

const tchar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".split(''),
);
const token = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });
const headerValue = fc.string({
  unit: fc.constantFrom(...'abc/;=,. -*0123456789"()@\t'.split('')),
  maxLength: 40,
});
const credentials = fc.constantFrom<CredentialsMode>('omit', 'same-origin', 'include');
const PAGE = 'https://app.test';
const API = 'https://api.test/r';

function withHeader(list: Header[], name: string, value: string): Header[] {
  return [...list.filter((h) => h.name.toLowerCase() !== name.toLowerCase()), { name, value }];
}

/** A single-leg cross-origin exchange with arbitrary request and response headers, and a preflight when needed. */
const crossOrigin = fc.record({
  method: fc.oneof(
    fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'patch'),
    token,
  ),
  reqHeaders: fc.array(
    fc.record({
      name: fc.oneof(
        token,
        fc.constantFrom('Content-Type', 'Accept', 'Authorization', 'Range', 'Cookie'),
      ),
      value: headerValue,
    }),
    { maxLength: 6 },
  ),
  respHeaders: fc.array(
    fc.record({
      name: fc.constantFrom(
        'Access-Control-Allow-Origin',
        'Access-Control-Allow-Credentials',
        'Access-Control-Allow-Methods',
        'Access-Control-Allow-Headers',
        'X-Other',
      ),
      value: fc.oneof(headerValue, fc.constantFrom('*', PAGE, 'true', 'null')),
    }),
    { maxLength: 5 },
  ),
  status: fc.constantFrom(200, 204, 301, 404, 500),
  credentials,
});

function build(
  c: fc.Arbitrary<unknown> extends never
    ? never
    : {
        method: string;
        reqHeaders: Header[];
        respHeaders: Header[];
        status: number;
        credentials: CredentialsMode;
      },
): Exchange {
  const need = needsPreflight({ method: c.method, headers: c.reqHeaders });
  const leg: Exchange['legs'][number] = {
    request: { url: API, method: c.method, headers: c.reqHeaders },
    response: { status: 200, headers: c.respHeaders },
  };
  if (need.needed) {
    const names = need.reasons.flatMap((r) => (r.kind === 'header' ? [r.header] : []));
    const pfHeaders: Header[] = [{ name: 'Access-Control-Request-Method', value: c.method }];
    if (names.length > 0)
      pfHeaders.push({
        name: 'Access-Control-Request-Headers',
        value: [...new Set(names)].sort().join(','),
      });
    leg.preflight = {
      request: { url: API, method: 'OPTIONS', headers: pfHeaders },
      response: { status: c.status, headers: c.respHeaders },
    };
  }
  return { initiatorOrigin: PAGE, initiator: 'fetch', credentials: c.credentials, legs: [leg] };
}

/** What a correctly configured server answers for this exact request. */
function fixServer(e: Exchange): Exchange {
  const leg = e.legs[0]!;
  const grant = (hs: Header[]): Header[] =>
    withHeader(
      withHeader(hs, 'Access-Control-Allow-Origin', PAGE),
      'Access-Control-Allow-Credentials',
      'true',
    );
  const out: Exchange = {
    ...e,
    legs: [{ ...leg, response: { status: 200, headers: grant(leg.response!.headers) } }],
  };
  if (leg.preflight) {
    const announced =
      leg.preflight.request.headers.find((h) => h.name === 'Access-Control-Request-Headers')
        ?.value ?? '';
    let pf = grant(leg.preflight.response!.headers);
    pf = withHeader(pf, 'Access-Control-Allow-Methods', leg.request.method);
    pf = withHeader(pf, 'Access-Control-Allow-Headers', announced);
    out.legs[0]!.preflight = { ...leg.preflight, response: { status: 204, headers: pf } };
  }
  return out;
}

describe('no prototype lookups on input strings', () => {
  const protoNames = fc.constantFrom(
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
  );
  test.prop([protoNames])('as observed errors, net errors, schemes and Firefox keys', (n) => {
    const e: Exchange = {
      initiatorOrigin: `${n}:x`,
      legs: [
        {
          request: { url: `${n}://h/`, method: n, headers: [{ name: n, value: n }] },
          netError: `net::${n}`,
        },
      ],
      observed: { netError: `net::${n}`, corsError: n as CorsErrorName },
    };
    const d = diagnose(e);
    expect(JSON.stringify(d)).not.toMatch(/native code|function/);
    expect(d.notes.join(' ')).not.toMatch(/Internal error/);
    expect(firefoxReasonToCorsError(n)).toBeUndefined();
  });
});

describe('CORS invariants', () => {
  test.prop([crossOrigin], { numRuns: 400 })(
    'a server granting the exact origin, credentials, method and headers is always allowed',
    (c) => {
      const e = build(c);
      const fixed = diagnose(fixServer(e));
      expect(fixed.verdict, JSON.stringify(fixed.checks.filter((x) => !x.passed))).toBe('allowed');
      const before = diagnose(e);
      if (before.verdict === 'allowed') expect(fixed.verdict).toBe('allowed');
    },
  );

  test.prop([crossOrigin], { numRuns: 300 })(
    '"*" never lets a credentialed request through',
    (c) => {
      const star = (hs: Header[]) => withHeader(hs, 'Access-Control-Allow-Origin', '*');
      const e = build({ ...c, credentials: 'include' });
      const leg = e.legs[0]!;
      leg.response = { status: 200, headers: star(leg.response!.headers) };
      if (leg.preflight)
        leg.preflight.response = { status: 204, headers: star(leg.preflight.response!.headers) };
      const d = diagnose(e);
      expect(d.verdict).toBe('blocked');
      expect(['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed']).toContain(d.reason);
    },
  );

  test.prop([crossOrigin, fc.constantFrom('/', '/api?x=1', ':443/y')], { numRuns: 200 })(
    "a request to the page's own origin is never CORS",
    (c, path) => {
      const e = build(c);
      e.legs[0]!.request.url = PAGE + path;
      expect(diagnose(e).verdict).toBe('not-cors');
    },
  );

  test.prop([
    fc.oneof(
      webUrl().map((u) => new URL(u).origin),
      fc.constant('null'),
    ),
    fc.option(fc.string(), { nil: undefined }),
    credentials,
  ])('checkAccess: the exact origin with ACAC "true" always passes', (origin, _x, cred) => {
    expect(
      checkAccess({ allowOrigin: origin, allowCredentials: 'true', credentials: cred, origin }),
    ).toEqual({ ok: true });
  });

  test.prop([fc.constantFrom('GET', 'HEAD', 'POST', 'get', 'post')])(
    'safelisted methods without headers need no preflight',
    (m) => {
      expect(needsPreflight({ method: m, headers: [] }).needed).toBe(false);
    },
  );
});

const PARAM_REASONS: readonly CorsErrorName[] = [
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
];
const NO_PARAM_REASONS = CORS_ERRORS.filter(
  (r) =>
    !PARAM_REASONS.includes(r) &&
    r !== 'MethodDisallowedByPreflightResponse' &&
    r !== 'HeaderDisallowedByPreflightResponse' &&
    r !== 'InvalidLocalNetworkAccess',
);

describe('console lines round-trip', () => {
  test.prop([
    fc.constantFrom(...NO_PARAM_REASONS),
    fc.constantFrom<'fetch' | 'xhr' | 'other'>('fetch', 'xhr', 'other'),
    webUrl(),
  ])('reasons without a parameter', (reason, initiator, url) => {
    const line = consoleMessage({
      reason,
      failedParameter: '',
      initialUrl: url,
      lastUrl: url,
      origin: 'https://app.test',
      initiator,
    });
    const r = explainConsoleMessage(line);
    expect(r).toMatchObject({ reason });
  });
  test.prop([
    fc.constantFrom(...PARAM_REASONS),
    fc.string({ unit: fc.constantFrom(...'abc:/. ,*-_0123'.split('')), maxLength: 30 }),
    webUrl(),
  ])('reasons with a quoted parameter', (reason, param, url) => {
    const line = consoleMessage({
      reason,
      failedParameter: param,
      initialUrl: url,
      lastUrl: url,
      origin: 'https://app.test',
      initiator: 'fetch',
    });
    expect(explainConsoleMessage(line)).toMatchObject({ reason, failedParameter: param });
  });
  test.prop([
    fc.constantFrom<CorsErrorName>(
      'MethodDisallowedByPreflightResponse',
      'HeaderDisallowedByPreflightResponse',
    ),
    token,
    webUrl(),
  ])('method and header names', (reason, param, url) => {
    const line = consoleMessage({
      reason,
      failedParameter: param,
      initialUrl: url,
      lastUrl: url,
      origin: 'https://app.test',
      initiator: 'xhr',
    });
    expect(explainConsoleMessage(line)).toMatchObject({ reason, failedParameter: param });
  });
});
