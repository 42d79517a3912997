import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import type { Exchange } from '../../../src/cors/types.ts';
import { chain, ex, hs, O, R, R2, res } from './helpers.ts';

const ACAO_ANY = 'Access-Control-Allow-Origin: *';

describe('not CORS', () => {
  it('same-origin requests, navigations and no-cors are not-cors', () => {
    expect(
      diagnose(ex({ url: `${O}/api`, method: 'PUT', headers: ['X-Custom: 1'], response: res(200) }))
        .verdict,
    ).toBe('not-cors');
    expect(diagnose(ex({ mode: 'navigate', response: res(200) })).verdict).toBe('not-cors');
    expect(diagnose(ex({ mode: 'no-cors', response: res(200) })).summary).toMatch(/no-cors/);
    expect(diagnose(ex({ url: 'data:text/plain,hi' })).verdict).toBe('not-cors');
  });
  it('a same-origin request redirected cross-origin becomes CORS there, with the page origin', () => {
    const d = diagnose(
      chain(O, [
        { url: `${O}/a`, response: res(302, `Location: ${R}`) },
        { url: R, response: res(200, `Access-Control-Allow-Origin: ${O}`) },
      ]),
    );
    expect(d.verdict).toBe('allowed');
  });
});

describe('explanations teach the essentials', () => {
  it('port-only difference on localhost', () => {
    const d = diagnose({
      initiatorOrigin: 'http://localhost:5173',
      initiator: 'fetch',
      legs: [
        {
          request: { url: 'http://localhost:3000/api', method: 'GET', headers: [] },
          response: res(200),
        },
      ],
    });
    const text = d.explanation.join('\n');
    expect(text).toMatch(/port differs \(5173 vs 3000\)/);
    expect(text).toMatch(/status 200/);
    expect(text).toMatch(/browser that withheld/);
    expect(text).toMatch(/not protect the server/);
    expect(text).not.toMatch(/disable-web-security/);
  });
  it('a blocked POST without preflight already reached the server', () => {
    const d = diagnose(
      ex({
        method: 'POST',
        headers: ['Content-Type: application/x-www-form-urlencoded'],
        response: res(201),
      }),
    );
    expect(d.reason).toBe('MissingAllowOriginHeader');
    expect(d.explanation.join(' ')).toMatch(/may already have written data/);
  });
  it('a failed preflight means the actual request never ran', () => {
    const d = diagnose(ex({ method: 'DELETE', preflight: res(404) }));
    expect(d.reason).toBe('PreflightMissingAllowOriginHeader');
    expect(d.explanation.join(' ')).toMatch(/actual DELETE request was never sent/);
    expect(d.notes.join(' ')).toMatch(/before its status/);
    expect(d.culprit).toMatchObject({
      where: 'preflight-response',
      header: 'Access-Control-Allow-Origin',
    });
  });
  it('never recommends "*" together with credentials', () => {
    const d = diagnose(ex({ credentials: 'include', response: res(200, ACAO_ANY) }));
    expect(d.reason).toBe('WildcardOriginNotAllowed');
    const fix = d.explanation.find((p) => p.startsWith('Fix:'))!;
    expect(fix).toContain(`Access-Control-Allow-Origin: ${O}`);
    expect(fix).toContain('Access-Control-Allow-Credentials: true');
    expect(fix).not.toMatch(/or "\*"/);
  });
  it('after a tainting redirect, steers away from allowing "null"', () => {
    const d = diagnose(
      chain(O, [
        { url: R, response: res(302, ACAO_ANY, `Location: ${R2}`) },
        { url: R2, response: res(200, `Access-Control-Allow-Origin: ${O}`) },
      ]),
    );
    const fix = d.explanation.find((p) => p.startsWith('Fix:'))!;
    expect(fix).toMatch(/Call the final URL directly/);
    expect(fix).toMatch(/Avoid allowing "null"/);
    expect(d.summary).toMatch(/after a cross-origin redirect/);
  });
  it('an opaque page (file://) is told to use a local server, not "null"', () => {
    const d = diagnose(ex({ initiatorOrigin: 'null', response: res(200) }));
    expect(d.explanation.find((p) => p.startsWith('Fix:'))).toMatch(/local web server/);
  });
  it('checks come in order and the first failed one is the reason', () => {
    const d = diagnose(
      ex({ method: 'PUT', preflight: res(200, ACAO_ANY, 'Access-Control-Allow-Methods: GET') }),
    );
    const ids = d.checks.map((c) => c.id);
    expect(ids).toEqual([
      'cross-origin',
      'preflight-needed',
      'preflight-network',
      'preflight-redirect',
      'preflight-allow-origin',
      'preflight-status',
      'preflight-allow-methods-syntax',
      'preflight-allow-headers-syntax',
      'preflight-method',
    ]);
    expect(d.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['preflight-method']);
    expect(d.preflight).toEqual({
      needed: true,
      sent: true,
      reasons: [{ kind: 'method', method: 'PUT' }],
    });
  });
});

describe('credentials inference (HAR has no credentials mode)', () => {
  const base = (headers: string[], response = res(200, ACAO_ANY)): Exchange => {
    const e = ex({ headers, response });
    delete e.credentials;
    return e;
  };
  it('a Cookie on a cross-origin request means include', () => {
    const d = diagnose(base(['Cookie: sid=1']));
    expect(d.credentials).toMatchObject({
      mode: 'include',
      inferred: true,
      verdictDependsOnIt: true,
    });
    expect(d.reason).toBe('WildcardOriginNotAllowed');
  });
  it('Sec-Fetch-Storage-Access is a hint for include', () => {
    expect(diagnose(base(['Sec-Fetch-Storage-Access: none'])).credentials.mode).toBe('include');
  });
  it('defaults to same-origin and says when the verdict depends on it', () => {
    const d = diagnose(base([]));
    expect(d.credentials).toMatchObject({
      mode: 'same-origin',
      inferred: true,
      verdictDependsOnIt: true,
    });
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toMatch(
      /With "include" the verdict would be blocked \(WildcardOriginNotAllowed\)/,
    );
  });
  it('an observed include-only error settles it', () => {
    const e = base([]);
    e.observed = { netError: 'net::ERR_FAILED', corsError: 'WildcardOriginNotAllowed' };
    const d = diagnose(e);
    expect(d.credentials.mode).toBe('include');
    expect(d.reason).toBe('WildcardOriginNotAllowed');
    expect(d.notes.join(' ')).not.toMatch(/predicted/);
  });
  it('an observed ERR_FAILED that only include explains switches the mode', () => {
    const e = base([], res(200, `Access-Control-Allow-Origin: ${O}`));
    e.observed = { netError: 'net::ERR_FAILED' };
    const d = diagnose(e);
    expect(d.credentials.mode).toBe('include');
    expect(d.reason).toBe('InvalidAllowCredentials');
  });
  it('a request stopped at a preflight that passes only without credentials was credentialed', () => {
    // Chromium logs such a request with status 0 and no Cookie: no evidence but the missing answer.
    const e = ex(
      {
        method: 'PUT',
        headers: ['X-Custom: 1'],
        preflight: res(
          204,
          'Access-Control-Allow-Origin: *',
          'Access-Control-Allow-Methods: PUT',
          'Access-Control-Allow-Headers: x-custom',
        ),
      },
      ['x-custom'],
    );
    for (const observed of [{ netError: 'net::ERR_FAILED' }, undefined]) {
      const d = diagnose(observed ? { ...e, observed } : e);
      expect(d.credentials).toMatchObject({ mode: 'include', inferred: true });
      expect(d.reason).toBe('PreflightWildcardOriginNotAllowed');
      expect(d.credentials.evidence.join(' ')).toMatch(/never got a response/);
    }
    // The same preflight with a response to the request: nothing to explain, no switch.
    const answered = {
      ...e,
      legs: [{ ...e.legs[0]!, response: res(200, 'Access-Control-Allow-Origin: *') }],
    };
    expect(diagnose(answered).credentials.mode).toBe('same-origin');
  });
  it('an explicit mode is used as given', () => {
    expect(
      diagnose(ex({ credentials: 'omit', headers: ['Cookie: a=b'], response: res(200, ACAO_ANY) }))
        .credentials,
    ).toMatchObject({ mode: 'omit', inferred: false });
  });
});

describe('observed outcome', () => {
  it('a disagreeing observed CorsError wins, with a note', () => {
    const e = ex({ response: res(200, ACAO_ANY) });
    e.observed = { corsError: 'AllowOriginMismatch', failedParameter: 'https://x.test' };
    const d = diagnose(e);
    expect(d).toMatchObject({
      verdict: 'blocked',
      reason: 'AllowOriginMismatch',
      failedParameter: 'https://x.test',
    });
    expect(d.notes.join(' ')).toMatch(/predicted allowed/);
  });
  it('ERR_FAILED with an allowed prediction: blocked, no reason, a note', () => {
    const e = ex({ credentials: 'same-origin', response: res(200, ACAO_ANY) });
    e.observed = { netError: 'net::ERR_FAILED' };
    const d = diagnose(e);
    expect(d.verdict).toBe('blocked');
    expect(d.reason).toBeUndefined();
    expect(d.notes.join(' ')).toMatch(/pass every CORS check/);
  });
  it.each([
    'net::ERR_CONNECTION_REFUSED',
    'net::ERR_BLOCKED_BY_CLIENT',
    'net::ERR_NAME_NOT_RESOLVED',
  ])('%s is a network error, not CORS', (ne) => {
    const e = ex({});
    e.legs[0]!.netError = ne;
    e.observed = { netError: ne };
    const d = diagnose(e);
    expect(d.verdict).toBe('network-error');
    expect(d.netError).toBe(ne);
    expect(d.summary).toMatch(/not a CORS problem/);
    expect(d.consoleMessage).toBeUndefined();
  });
  it('LNA errors are reported from the observation with an explanation', () => {
    const e = ex({ url: 'http://192.168.1.10/api', response: res(200, ACAO_ANY) });
    e.observed = { netError: 'net::ERR_FAILED', corsError: 'LocalNetworkAccessPermissionDenied' };
    const d = diagnose(e);
    expect(d.reason).toBe('LocalNetworkAccessPermissionDenied');
    expect(d.explanation.join(' ')).toMatch(/Local Network Access|local network/);
    expect(d.consoleMessage).toContain(
      'Permission was denied for this request to access the `local` address space.',
    );
    expect(d.explanation.join(' ')).toMatch(/before sending anything/);
    expect(d.explanation.join(' ')).not.toMatch(/did receive the request/);
  });
  it('a public https page calling a loopback address gets an LNA note', () => {
    const d = diagnose(ex({ url: 'http://localhost:8080/api', response: res(200, ACAO_ANY) }));
    expect(d.notes.join(' ')).toMatch(/Local Network Access/);
  });
});

describe('recordings with gaps', () => {
  it('a needed preflight that was not recorded, and no response: blocked without a reason', () => {
    const d = diagnose(ex({ method: 'PUT' }));
    expect(d.verdict).toBe('blocked');
    expect(d.reason).toBeUndefined();
    expect(d.summary).toMatch(/preflight/);
  });
  it('a needed preflight missing while the response arrived: assumed cached', () => {
    const d = diagnose(ex({ method: 'PUT', response: res(200, ACAO_ANY) }));
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toMatch(/preflight cache/);
  });
  it('HTTP/2 pseudo-headers and network-added headers do not count as page headers', () => {
    const d = diagnose(
      ex({
        headers: [
          ':authority: api.test',
          'Priority: u=1, i',
          'Cache-Control: no-cache',
          'Pragma: no-cache',
        ],
        response: res(200, ACAO_ANY),
      }),
    );
    expect(d.preflight.needed).toBe(false);
    expect(d.verdict).toBe('allowed');
  });
  it('a recorded preflight announcing cache-control makes it count', () => {
    const d = diagnose(
      ex({ headers: ['Cache-Control: no-cache'], preflight: res(204, ACAO_ANY) }, [
        'cache-control',
      ]),
    );
    expect(d).toMatchObject({
      verdict: 'blocked',
      reason: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'cache-control',
    });
  });
  it('status 0 means no response', () => {
    const e = ex({ response: { status: 0, headers: [] } });
    e.observed = { netError: 'net::ERR_FAILED' };
    const d = diagnose(e);
    expect(d.verdict).toBe('blocked');
    expect(d.reason).toBeUndefined();
    expect(d.checks.find((c) => c.id === 'response-received')?.passed).toBe(false);
  });
  it('a preflight that failed at the network level is a network error', () => {
    const e = ex({ method: 'PUT', preflight: 'no-response' });
    e.legs[0]!.preflight!.netError = 'net::ERR_CONNECTION_REFUSED';
    expect(diagnose(e)).toMatchObject({
      verdict: 'network-error',
      netError: 'net::ERR_CONNECTION_REFUSED',
    });
  });
  it('a redirect the recording does not follow', () => {
    const d = diagnose(chain(O, [{ url: R, response: res(302, ACAO_ANY, `Location: ${R2}`) }]));
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toMatch(/ends at a redirect/);
  });
});

describe('what Chromium 156 recorded (differential suite)', () => {
  it('the failed header is the first missing one in recorded order, not alphabetical', () => {
    // DevTools records a request stopped at its preflight with Blink's header-map order, which is
    // the order Chromium checks: here it reported x-echo although x-delta sorts first.
    const e = ex(
      {
        headers: [
          'x-alpha: 1',
          'Referer: https://app.test/',
          'x-bravo: 1',
          'x-echo: 1',
          'x-delta: 1',
          'x-charlie: 1',
        ],
        preflight: res(
          204,
          `Access-Control-Allow-Origin: ${O}`,
          'Access-Control-Allow-Headers: x-alpha, x-bravo, x-charlie',
        ),
      },
      ['x-alpha', 'x-bravo', 'x-charlie', 'x-delta', 'x-echo'],
    );
    expect(diagnose(e)).toMatchObject({
      reason: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'x-echo',
    });
  });
  it('over the 1024-byte budget, the first safelisted header in request order is reported', () => {
    const v = '1'.repeat(128);
    const e = ex(
      {
        method: 'POST',
        headers: [
          `viewport-width: ${v}`,
          `width: ${v}`,
          `accept-language: ${'a'.repeat(128)}`,
          `device-memory: ${v}`,
          `intervention: ${'x'.repeat(128)}`,
          `accept: ${'x'.repeat(128)}`,
          `content-language: ${'a'.repeat(128)}`,
          `rtt: ${v}`,
          'content-type: text/plain',
        ],
        preflight: res(204, `Access-Control-Allow-Origin: ${O}`),
      },
      [
        'accept',
        'accept-language',
        'content-language',
        'content-type',
        'device-memory',
        'intervention',
        'rtt',
        'viewport-width',
        'width',
      ],
    );
    expect(diagnose(e)).toMatchObject({
      reason: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'viewport-width',
    });
  });
  it('a preflight logged as net::ERR_INVALID_REDIRECT without its 3xx is PreflightDisallowedRedirect', () => {
    const e = ex({ method: 'PUT', preflight: 'no-response' });
    e.legs[0]!.preflight!.netError = 'net::ERR_INVALID_REDIRECT';
    e.observed = { netError: 'net::ERR_INVALID_REDIRECT' };
    expect(diagnose(e)).toMatchObject({
      verdict: 'blocked',
      reason: 'PreflightDisallowedRedirect',
    });
  });
});

describe('Chromium details', () => {
  it('a 304 to a cache revalidation is not CORS-checked', () => {
    const d = diagnose(ex({ headers: ['If-None-Match: "abc"'], response: res(304) }));
    expect(d.verdict).toBe('allowed');
    expect(d.checks.some((c) => c.id === 'response-revalidated')).toBe(true);
    // A 304 without conditional request headers is checked like any response.
    expect(diagnose(ex({ response: res(304) })).reason).toBe('MissingAllowOriginHeader');
  });
  it('notes that Chrome follows a redirect after a preflight', () => {
    const d = diagnose(
      chain(O, [
        {
          url: R,
          method: 'PUT',
          preflight: res(204, ACAO_ANY, 'Access-Control-Allow-Methods: PUT'),
          response: res(307, ACAO_ANY, `Location: ${R2}`),
        },
        {
          url: R2,
          method: 'PUT',
          preflight: res(204, ACAO_ANY, 'Access-Control-Allow-Methods: PUT'),
          response: res(200, ACAO_ANY),
        },
      ]),
    );
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toMatch(/Chrome deviation: after a successful preflight/);
  });
});

describe('bad input is reported, not thrown', () => {
  it.each([
    null,
    undefined,
    42,
    'x',
    [],
    {},
    { legs: [] },
    { legs: [null] },
    { legs: [{ request: { url: 7, method: null, headers: 'nope' } }] },
  ])('%j', (input) => {
    const d = diagnose(input as unknown as Exchange);
    expect(typeof d.summary).toBe('string');
    expect(Array.isArray(d.notes)).toBe(true);
  });
  it('a getter that throws ends in an internal-error diagnosis', () => {
    const hostile = {
      initiatorOrigin: O,
      get legs(): never {
        throw new Error('boom');
      },
    };
    const d = diagnose(hostile as unknown as Exchange);
    expect(d.notes.join(' ')).toMatch(/boom/);
  });
  it('malformed headers are skipped and listed', () => {
    const d = diagnose({
      initiatorOrigin: O,
      legs: [
        {
          request: {
            url: R,
            method: 'GET',
            headers: [{ name: 'A' } as never, hs('Accept: */*')[0]!],
          },
          response: res(200, ACAO_ANY),
        },
      ],
    });
    expect(d.verdict).toBe('allowed');
    expect(d.notes.join(' ')).toMatch(/malformed header/);
  });
});
