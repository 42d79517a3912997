import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/cors/types.ts';
import {
  REDACTED,
  redact,
  redactHeaders,
  redactHeaderValue,
  redactText,
} from '../../../src/report/index.ts';

describe('redactHeaderValue', () => {
  it.each([
    ['Cookie', 'sid=abc123; theme=dark', `sid=${REDACTED}; theme=${REDACTED}`],
    [
      'set-cookie',
      'sid=abc123; Path=/; HttpOnly; SameSite=None; Secure',
      `sid=${REDACTED}; Path=/; HttpOnly; SameSite=None; Secure`,
    ],
    ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', `Bearer ${REDACTED}`],
    ['Authorization', 'opaque-token-without-scheme', REDACTED],
    ['Proxy-Authorization', 'Basic dXNlcjpwYXNz', `Basic ${REDACTED}`],
    ['X-API-Key', 'k-123', REDACTED],
    ['X-Token', 'dev-4f9c1e', REDACTED],
    ['X-CSRF-Token', 'abc', REDACTED],
    ['X-Client-Secret', 's3cr3t', REDACTED],
  ])('hides the secret in %s: %s', (name, value, expected) => {
    expect(redactHeaderValue(name, value)).toBe(expected);
  });

  it.each([
    ['Access-Control-Request-Headers', 'authorization,x-api-key'],
    ['Access-Control-Allow-Headers', 'Authorization, X-Token'],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Origin', 'http://localhost:5173'],
    ['Sec-Fetch-Storage-Access', 'none'],
    ['Content-Type', 'application/json'],
  ])('keeps %s, which CORS debugging needs', (name, value) => {
    expect(redactHeaderValue(name, value)).toBe(value);
  });

  it('can be turned off or extended', () => {
    expect(redactHeaderValue('Cookie', 'a=1', { enabled: false })).toBe('a=1');
    expect(redactHeaderValue('X-Tenant', 'acme', { headers: ['x-tenant'] })).toBe(REDACTED);
  });

  it('returns the same header objects when nothing is secret', () => {
    const headers = [
      { name: 'Accept', value: '*/*' },
      { name: 'Cookie', value: 'a=1' },
    ];
    const out = redactHeaders(headers);
    expect(out[0]).toBe(headers[0]);
    expect(out[1]).toEqual({ name: 'Cookie', value: `a=${REDACTED}` });
    expect(headers[1]!.value).toBe('a=1');
  });
});

describe('redactText', () => {
  it.each([
    [
      'http://api.test/x?access_token=abc&page=2',
      `http://api.test/x?access_token=${REDACTED}&page=2`,
    ],
    [
      'https://maps.test/api?key=AIzaSy123&q=paris',
      `https://maps.test/api?key=${REDACTED}&q=paris`,
    ],
    [
      'http://app.test/cb#id_token=eyJ.x.y&state=1',
      `http://app.test/cb#id_token=${REDACTED}&state=1`,
    ],
    [
      's3: https://b.test/o?X-Amz-Signature=ff00&X-Amz-Date=1',
      `s3: https://b.test/o?X-Amz-Signature=${REDACTED}&X-Amz-Date=1`,
    ],
    ['ftp://user:hunter2@files.test/', `ftp://user:${REDACTED}@files.test/`],
    ['sent Bearer abcdefghijklmnop to it', `sent Bearer ${REDACTED} to it`],
    ['Cookie: a=1; b=2', `Cookie: a=${REDACTED}; b=${REDACTED}`],
    ['  X-Api-Key: 123', `  X-Api-Key: ${REDACTED}`],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'http://api.test/items?page=2&sort=name',
    'Access-Control-Allow-Headers: authorization',
    "allowedHeaders: ['content-type', 'x-token'],",
    '  token: process.env.TOKEN,',
    'Basic authentication is not CORS.',
  ])('leaves %s alone', (input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe('redact (deep)', () => {
  const exchange: Exchange = {
    id: '4',
    initiatorOrigin: 'http://localhost:5173',
    legs: [
      {
        request: {
          url: 'http://localhost:3000/api?token=t0k3n',
          method: 'GET',
          headers: [
            { name: 'Cookie', value: 'sid=abc' },
            { name: 'Origin', value: 'http://localhost:5173' },
          ],
        },
        response: {
          status: 200,
          headers: [{ name: 'Set-Cookie', value: 'sid=new; SameSite=Lax' }],
        },
      },
    ],
  };

  it('redacts headers, URLs and culprit values, without touching the input', () => {
    const before = structuredClone(exchange);
    const out = redact({
      exchange,
      culprit: { where: 'request', legIndex: 0, header: 'authorization', value: 'Bearer x' },
    });
    expect(exchange).toEqual(before);
    expect(out.exchange.legs[0]!.request.url).toBe(`http://localhost:3000/api?token=${REDACTED}`);
    expect(out.exchange.legs[0]!.request.headers).toEqual([
      { name: 'Cookie', value: `sid=${REDACTED}` },
      { name: 'Origin', value: 'http://localhost:5173' },
    ]);
    expect(out.exchange.legs[0]!.response!.headers[0]!.value).toBe(`sid=${REDACTED}; SameSite=Lax`);
    expect(out.culprit.value).toBe(`Bearer ${REDACTED}`);
  });

  it('redacts HAR cookie lists and query-string pairs', () => {
    const entry = {
      request: {
        cookies: [{ name: 'theme', value: 'dark', httpOnly: false }],
        queryString: [
          { name: 'api_key', value: 'k' },
          { name: 'page', value: '2' },
        ],
      },
    };
    const out = redact(entry);
    expect(out.request.cookies).toEqual([{ name: 'theme', value: REDACTED, httpOnly: false }]);
    expect(out.request.queryString).toEqual([
      { name: 'api_key', value: REDACTED },
      { name: 'page', value: '2' },
    ]);
  });

  it('is the identity when turned off', () => {
    expect(redact(exchange, { enabled: false })).toBe(exchange);
  });

  test.prop([fc.jsonValue()])('never throws and keeps the shape of any JSON', (value) => {
    const out = redact(value);
    expect(JSON.stringify(out === undefined ? null : out).length).toBeGreaterThan(0);
    expect(typeof out).toBe(typeof value);
    if (Array.isArray(value)) expect((out as unknown[]).length).toBe(value.length);
  });

  it('survives deep nesting', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => redact(deep)).not.toThrow();
  });
});
