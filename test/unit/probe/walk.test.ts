// The redirect walk with an injected fake client: what is sent, in which order, where it stops, and
// the verdict `diagnose` gives the recorded exchange.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import { runProbe, type ProbeSpec, type WireRequest } from '../../../src/probe/index.ts';
import { API, OTHER, PAGE, fakeClient, header, type Answer } from './fake-client.ts';

const spec = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({
  url: `${API}/x`,
  origin: PAGE,
  method: 'GET',
  headers: [],
  credentials: 'same-origin',
  ...over,
});
const allow = (origin = PAGE): Array<[string, string]> => [['Access-Control-Allow-Origin', origin]];
const isPreflight = (r: WireRequest) =>
  r.method === 'OPTIONS' && header(r, 'Access-Control-Request-Method') !== undefined;
const sent = (requests: WireRequest[]) => requests.map((r) => `${r.method} ${r.url}`);

async function probe(s: ProbeSpec, answer: (r: WireRequest) => Answer) {
  const client = fakeClient(answer);
  const result = await runProbe(s, client);
  return { result, requests: client.requests, diagnosis: diagnose(result.exchange) };
}

describe('preflight, then the actual request', () => {
  it('sends a simple GET directly', async () => {
    const { requests, diagnosis } = await probe(spec(), () => ({ headers: allow() }));
    expect(sent(requests)).toEqual([`GET ${API}/x`]);
    expect(diagnosis.verdict).toBe('allowed');
  });

  it('sends the actual request after a preflight that passes', async () => {
    const { requests, diagnosis, result } = await probe(
      spec({ method: 'put', headers: [{ name: 'X-Token', value: 't' }] }),
      (r) =>
        isPreflight(r)
          ? {
              status: 204,
              headers: [
                ...allow(),
                ['Access-Control-Allow-Methods', 'PUT'],
                ['Access-Control-Allow-Headers', 'x-token'],
              ],
            }
          : { headers: allow() },
    );
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`, `PUT ${API}/x`]);
    expect(header(requests[0]!, 'Access-Control-Request-Headers')).toBe('x-token');
    expect(result.sent.map((s) => s.kind)).toEqual(['preflight', 'actual']);
    expect(diagnosis.verdict).toBe('allowed');
    expect(diagnosis.preflight.sent).toBe(true);
  });

  it('never sends the actual request when the preflight fails', async () => {
    const { requests, diagnosis } = await probe(spec({ method: 'DELETE' }), (r) =>
      isPreflight(r) ? { status: 204, headers: allow() } : { headers: allow() },
    );
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`]);
    expect(diagnosis).toMatchObject({
      verdict: 'blocked',
      reason: 'MethodDisallowedByPreflightResponse',
      failedParameter: 'DELETE',
    });
  });

  it('treats a redirected preflight as a failure and follows nothing', async () => {
    const { requests, diagnosis } = await probe(spec({ method: 'PUT' }), () => ({
      status: 307,
      headers: [...allow(), ['Location', `${OTHER}/y`]],
    }));
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`]);
    expect(diagnosis.reason).toBe('PreflightDisallowedRedirect');
  });

  it('preflights a forced request (upload listeners) although method and headers are simple', async () => {
    const { requests } = await probe(
      spec({ method: 'POST', body: 'x', forcePreflight: true }),
      (r) => (isPreflight(r) ? { status: 204, headers: allow() } : { headers: allow() }),
    );
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`, `POST ${API}/x`]);
  });

  it('--preflight-only stops before the actual request', async () => {
    const { requests, result } = await probe(spec({ method: 'PUT', preflightOnly: true }), () => ({
      status: 204,
      headers: [...allow(), ['Access-Control-Allow-Methods', 'PUT']],
    }));
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`]);
    expect(result.stoppedBeforeActual).toBe(true);
  });

  it('sends the cookie jar on the actual request only, with credentials', async () => {
    const s = spec({
      method: 'PUT',
      credentials: 'include',
      headers: [{ name: 'Cookie', value: 'sid=1' }],
    });
    const { requests, diagnosis } = await probe(s, (r) => ({
      status: isPreflight(r) ? 204 : 200,
      headers: [
        ...allow(),
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'PUT'],
      ],
    }));
    expect(requests.map((r) => header(r, 'Cookie'))).toEqual([undefined, 'sid=1']);
    expect(diagnosis.verdict).toBe('allowed');
    expect(diagnosis.credentials).toMatchObject({ mode: 'include', inferred: false });
  });
});

describe('redirects', () => {
  it('sends Origin: null after a cross-origin hop from a cross-origin server (tainted origin)', async () => {
    const { requests, diagnosis } = await probe(spec(), (r) =>
      r.url.startsWith(API)
        ? { status: 302, headers: [...allow(), ['Location', `${OTHER}/y`]] }
        : { headers: allow() },
    );
    expect(sent(requests)).toEqual([`GET ${API}/x`, `GET ${OTHER}/y`]);
    expect(requests.map((r) => header(r, 'Origin'))).toEqual([PAGE, 'null']);
    expect(diagnosis).toMatchObject({
      verdict: 'blocked',
      reason: 'AllowOriginMismatch',
      failedParameter: PAGE,
    });
  });

  it('keeps the page origin when the page itself redirects to another origin', async () => {
    const { requests } = await probe(spec({ url: `${PAGE}/start` }), (r) =>
      r.url.startsWith(PAGE)
        ? { status: 302, headers: [['Location', `${API}/x`]] }
        : { headers: allow() },
    );
    expect(requests.map((r) => header(r, 'Origin'))).toEqual([undefined, PAGE]);
    expect(requests.map((r) => header(r, 'Sec-Fetch-Site'))).toEqual(['same-origin', 'same-site']);
  });

  it('stops at a redirect the engine blocks (no Access-Control-Allow-Origin on the 3xx)', async () => {
    const { requests, diagnosis } = await probe(spec(), () => ({
      status: 302,
      headers: [['Location', `${OTHER}/y`]],
    }));
    expect(sent(requests)).toEqual([`GET ${API}/x`]);
    expect(diagnosis.reason).toBe('MissingAllowOriginHeader');
  });

  it('does not follow a Location with credentials', async () => {
    const { requests, diagnosis } = await probe(spec(), () => ({
      status: 302,
      headers: [...allow(), ['Location', 'http://user:pw@127.0.0.1:4000/y']],
    }));
    expect(requests).toHaveLength(1);
    expect(diagnosis.reason).toBe('RedirectContainsCredentials');
  });

  it.each([
    [301, 'GET'],
    [302, 'GET'],
    [303, 'GET'],
    [307, 'POST'],
    [308, 'POST'],
  ])(
    'POST through %i continues as %s (the body and its headers go with POST only)',
    async (status, method) => {
      const s = spec({
        method: 'POST',
        body: 'payload',
        headers: [{ name: 'Content-Type', value: 'text/plain' }],
      });
      const { requests, diagnosis } = await probe(s, (r) =>
        r.url.endsWith('/x')
          ? { status, headers: [...allow(), ['Location', '/y']] }
          : { headers: allow() },
      );
      expect(sent(requests)).toEqual([`POST ${API}/x`, `${method} ${API}/y`]);
      const second = requests[1]!;
      expect(second.body).toBe(method === 'POST' ? 'payload' : undefined);
      expect(header(second, 'Content-Type')).toBe(method === 'POST' ? 'text/plain' : undefined);
      expect(diagnosis.verdict).toBe('allowed');
    },
  );

  it('303 turns PUT into GET: the new leg needs no preflight', async () => {
    const { requests } = await probe(spec({ method: 'PUT' }), (r) =>
      isPreflight(r)
        ? { status: 204, headers: [...allow(), ['Access-Control-Allow-Methods', 'PUT']] }
        : r.url.endsWith('/x')
          ? { status: 303, headers: [...allow(), ['Location', '/y']] }
          : { headers: allow() },
    );
    expect(sent(requests)).toEqual([`OPTIONS ${API}/x`, `PUT ${API}/x`, `GET ${API}/y`]);
  });

  it('preflights again after a redirect when the request still needs one (with Origin: null once tainted)', async () => {
    const { requests } = await probe(spec({ method: 'PUT' }), (r) => {
      const acam: [string, string] = ['Access-Control-Allow-Methods', 'PUT'];
      if (isPreflight(r)) return { status: 204, headers: [...allow(header(r, 'Origin')), acam] };
      return r.url.startsWith(API)
        ? { status: 307, headers: [...allow(), ['Location', `${OTHER}/y`]] }
        : { headers: allow('null') };
    });
    expect(sent(requests)).toEqual([
      `OPTIONS ${API}/x`,
      `PUT ${API}/x`,
      `OPTIONS ${OTHER}/y`,
      `PUT ${OTHER}/y`,
    ]);
    expect(header(requests[2]!, 'Origin')).toBe('null');
  });

  it('gives up on the 21st redirect, as Chromium does', async () => {
    let n = 0;
    const { requests, diagnosis } = await probe(spec(), () => ({
      status: 302,
      headers: [...allow(), ['Location', `/hop${++n}`]],
    }));
    expect(requests).toHaveLength(21);
    expect(diagnosis).toMatchObject({
      verdict: 'network-error',
      netError: 'net::ERR_TOO_MANY_REDIRECTS',
    });
  });
});

describe('no-cors', () => {
  it('follows redirects without CORS checks and never preflights', async () => {
    const { requests, diagnosis } = await probe(
      spec({ mode: 'no-cors', method: 'POST', body: 'x' }),
      (r) => (r.url.endsWith('/x') ? { status: 302, headers: [['Location', `${OTHER}/y`]] } : {}),
    );
    expect(sent(requests)).toEqual([`POST ${API}/x`, `GET ${OTHER}/y`]);
    expect(requests.map((r) => header(r, 'Sec-Fetch-Mode'))).toEqual(['no-cors', 'no-cors']);
    expect(diagnosis.verdict).toBe('not-cors');
  });
});

describe('the cookie jar', () => {
  it('is withheld without credentials, and the result says so', async () => {
    const { requests, result } = await probe(
      spec({ headers: [{ name: 'Cookie', value: 'sid=1' }] }),
      () => ({ headers: allow() }),
    );
    expect(header(requests[0]!, 'Cookie')).toBeUndefined();
    expect(result.cookieWithheld).toBe(true);
  });
});

describe('transport failures', () => {
  const refused = { netError: 'net::ERR_CONNECTION_REFUSED', message: 'connection refused' };

  it('a failed preflight is reported as such, and the actual request is not sent', async () => {
    const { result, requests, diagnosis } = await probe(spec({ method: 'PUT' }), () => ({
      failure: refused,
    }));
    expect(requests).toHaveLength(1);
    expect(result.transportFailure).toMatchObject({
      kind: 'preflight',
      url: `${API}/x`,
      netError: refused.netError,
    });
    expect(diagnosis.verdict).toBe('network-error');
  });

  it('a failed actual request is a network error, not a CORS verdict', async () => {
    const { result, diagnosis } = await probe(spec(), () => ({ failure: refused }));
    expect(result.transportFailure?.kind).toBe('actual');
    expect(diagnosis).toMatchObject({
      verdict: 'network-error',
      netError: 'net::ERR_CONNECTION_REFUSED',
    });
  });
});
