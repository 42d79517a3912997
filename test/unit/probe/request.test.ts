// Request building: what the probe puts on the wire for a fetch() (fetch's method and header rules,
// the engine's safelist deciding the preflight and its Access-Control-Request-Headers).
import { describe, expect, it } from 'vitest';
import {
  actualRequest,
  fetchSite,
  normalizeMethod,
  pageHeaders,
  preflightRequest,
  specProblems,
  type LegState,
  type ProbeSpec,
} from '../../../src/probe/index.ts';
import type { Header } from '../../../src/cors/types.ts';
import { API, OTHER, PAGE, header } from './fake-client.ts';

const spec = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({
  url: `${API}/x`,
  origin: PAGE,
  method: 'GET',
  headers: [],
  credentials: 'same-origin',
  ...over,
});
const h = (...pairs: Array<[string, string]>): Header[] =>
  pairs.map(([name, value]) => ({ name, value }));

function leg(over: Partial<LegState> = {}): LegState {
  return {
    url: `${API}/x`,
    method: 'GET',
    headers: [],
    origin: PAGE,
    cors: true,
    mode: 'cors',
    site: 'same-site',
    withCredentials: false,
    ...over,
  };
}

describe('method', () => {
  it('upper-cases the six standard methods only, as fetch does', () => {
    expect(['get', 'post', 'put', 'delete', 'head', 'options'].map(normalizeMethod)).toEqual([
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'HEAD',
      'OPTIONS',
    ]);
    expect(normalizeMethod('patch')).toBe('patch');
    expect(normalizeMethod('Propfind')).toBe('Propfind');
  });

  it('announces the method as fetch normalized it', () => {
    const pf = preflightRequest(leg({ method: normalizeMethod('patch') }));
    expect(header(pf, 'Access-Control-Request-Method')).toBe('patch');
    expect(
      header(
        preflightRequest(leg({ method: normalizeMethod('put') })),
        'Access-Control-Request-Method',
      ),
    ).toBe('PUT');
  });
});

describe('page headers', () => {
  it('joins repeated names with ", " and drops the headers fetch() may not set', () => {
    const got = pageHeaders(
      spec({
        headers: h(
          ['X-A', '1'],
          ['User-Agent', 'me'],
          ['x-a', '2'],
          ['Sec-Thing', '1'],
          ['Proxy-Foo', '1'],
          ['Host', 'evil'],
          ['Referer', 'r'],
        ),
      }),
    );
    expect(got.headers).toEqual(h(['X-A', '1, 2']));
    expect(got.dropped).toEqual(['User-Agent', 'Sec-Thing', 'Proxy-Foo', 'Host', 'Referer']);
  });

  it('keeps a Cookie aside as the cookie jar, never as a page header', () => {
    const got = pageHeaders(spec({ headers: h(['Cookie', 'sid=1']) }));
    expect(got.headers).toEqual([]);
    expect(got.cookie).toBe('sid=1');
  });

  it('gives a string body text/plain;charset=UTF-8 unless the page set a Content-Type', () => {
    expect(pageHeaders(spec({ method: 'POST', body: 'x' })).headers).toEqual(
      h(['Content-Type', 'text/plain;charset=UTF-8']),
    );
    expect(
      pageHeaders(
        spec({ method: 'POST', body: '{}', headers: h(['content-type', 'application/json']) }),
      ).headers,
    ).toEqual(h(['content-type', 'application/json']));
    expect(pageHeaders(spec()).headers).toEqual([]);
  });

  it('in no-cors mode drops what is not safelisted', () => {
    const got = pageHeaders(
      spec({ mode: 'no-cors', headers: h(['X-A', '1'], ['Accept', 'text/html']) }),
    );
    expect(got.headers).toEqual(h(['Accept', 'text/html']));
    expect(got.dropped).toEqual(['X-A']);
  });
});

describe('preflight', () => {
  it('lists the CORS-unsafe names lower-cased, sorted, comma without space', () => {
    const pf = preflightRequest(
      leg({
        method: 'PUT',
        headers: h(
          ['X-Zed', '1'],
          ['Content-Type', 'application/json'],
          ['Accept', '*/*'],
          ['Authorization', 'Bearer t'],
          ['Content-Language', 'en'],
        ),
      }),
    );
    expect(pf.method).toBe('OPTIONS');
    expect(header(pf, 'Access-Control-Request-Headers')).toBe('authorization,content-type,x-zed');
    expect(header(pf, 'Origin')).toBe(PAGE);
    expect(header(pf, 'Sec-Fetch-Mode')).toBe('cors');
    expect(header(pf, 'Sec-Fetch-Dest')).toBe('empty');
    expect(header(pf, 'Accept')).toBe('*/*');
    expect(pf.body).toBeUndefined();
  });

  it('leaves Access-Control-Request-Headers out when every header is safelisted', () => {
    const pf = preflightRequest(
      leg({ method: 'DELETE', headers: h(['Content-Type', 'text/plain;charset=UTF-8']) }),
    );
    expect(header(pf, 'Access-Control-Request-Headers')).toBeUndefined();
  });

  it('announces safelisted names whose value is unsafe, too long or over the 1024-byte budget', () => {
    const long = 'a'.repeat(129);
    expect(
      header(
        preflightRequest(leg({ headers: h(['Accept', long]) })),
        'Access-Control-Request-Headers',
      ),
    ).toBe('accept');
    expect(
      header(
        preflightRequest(leg({ headers: h(['Accept', 'a"b']) })),
        'Access-Control-Request-Headers',
      ),
    ).toBe('accept');
    const budget = h(
      ...(
        [
          'accept',
          'accept-language',
          'content-language',
          'dpr',
          'width',
          'viewport-width',
          'rtt',
          'downlink',
          'intervention',
        ] as const
      ).map((n): [string, string] => [
        n,
        n === 'accept' || n === 'intervention'
          ? 'x'.repeat(128)
          : n.includes('language')
            ? 'e'.repeat(128)
            : '1'.repeat(128),
      ]),
    );
    const names = header(
      preflightRequest(leg({ headers: budget })),
      'Access-Control-Request-Headers',
    );
    expect(names?.split(',')).toEqual([...budget.map((x) => x.name)].sort());
  });

  it('never carries the cookie jar', () => {
    const pf = preflightRequest(leg({ method: 'PUT', withCredentials: true, cookie: 'sid=1' }));
    expect(header(pf, 'Cookie')).toBeUndefined();
  });
});

describe('actual request', () => {
  it('sends Origin on CORS legs and on same-origin non-GET/HEAD requests only', () => {
    expect(header(actualRequest(leg()), 'Origin')).toBe(PAGE);
    expect(header(actualRequest(leg({ cors: false, url: `${PAGE}/x` })), 'Origin')).toBeUndefined();
    expect(header(actualRequest(leg({ cors: false, method: 'POST' })), 'Origin')).toBe(PAGE);
    expect(header(actualRequest(leg({ origin: 'null' })), 'Origin')).toBe('null');
  });

  it('adds Accept */* unless the page set one, Sec-Fetch-*, and the cookie only with credentials', () => {
    const r = actualRequest(leg({ headers: h(['X-A', '1']), cookie: 'sid=1' }));
    expect(r.headers.map((x) => x.name)).toEqual([
      'X-A',
      'Accept',
      'Origin',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Dest',
      'User-Agent',
    ]);
    expect(
      header(actualRequest(leg({ headers: h(['Accept', 'application/json']) })), 'Accept'),
    ).toBe('application/json');
    expect(header(actualRequest(leg({ withCredentials: true, cookie: 'sid=1' })), 'Cookie')).toBe(
      'sid=1',
    );
  });

  it('carries the body as given', () => {
    expect(actualRequest(leg({ method: 'POST', body: 'payload' })).body).toBe('payload');
  });
});

describe('Sec-Fetch-Site', () => {
  it('is the least related URL of the chain so far', () => {
    expect(fetchSite(PAGE, [`${PAGE}/a`])).toBe('same-origin');
    expect(fetchSite(PAGE, [`${API}/a`])).toBe('same-site');
    expect(fetchSite(PAGE, [`${OTHER}/a`])).toBe('cross-site');
    expect(fetchSite(PAGE, [`${OTHER}/a`, `${PAGE}/b`])).toBe('cross-site');
    expect(fetchSite('https://app.example.com', ['https://api.example.com/'])).toBe('same-site');
    expect(fetchSite('https://app.example.com', ['http://api.example.com/'])).toBe('cross-site');
    expect(fetchSite('null', [`${PAGE}/a`])).toBe('cross-site');
  });
});

describe('what fetch() itself refuses', () => {
  it.each([
    [{ body: 'x' }, 'refuses a body with GET'],
    [{ method: 'HEAD', body: 'x' }, 'refuses a body with HEAD'],
    [{ method: 'trace' }, 'refuses the method TRACE'],
    [{ method: 'GE T' }, 'not a valid HTTP method'],
    [{ url: 'http://user:pw@localhost:3000/' }, 'user name or password'],
    [{ url: 'ftp://localhost/' }, 'only http: and https:'],
    [{ url: '/relative' }, 'not an absolute URL'],
    [{ origin: 'http://localhost:5173/app' }, 'serialized origin'],
    [{ headers: h(['X-A', 'a\r\nInjected: 1']) }, 'line break'],
    [{ headers: h(['Bad Name', '1']) }, 'not a valid header name'],
    [{ mode: 'no-cors' as const, method: 'PUT' }, 'no-cors request can only be'],
  ])('%o', (over, message) => {
    expect(specProblems(spec(over)).join(' ')).toContain(message);
  });

  it('accepts a plain request, the null origin and a trailing slash on the origin', () => {
    expect(specProblems(spec())).toEqual([]);
    expect(specProblems(spec({ origin: 'null' }))).toEqual([]);
    expect(specProblems(spec({ origin: `${PAGE}/` }))).toEqual([]);
  });
});
