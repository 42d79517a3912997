/**
 * Exchanges for property tests of what `cors-lens explain` writes: values CORS reads from a small
 * vocabulary (so situations repeat and nearly repeat) and hostile ones (control characters,
 * escapes, lone surrogates, huge values, header names that redaction changes).
 */
import { binaryString, fc } from '../../setup/property-test.ts';
import type { Exchange, Header, HttpResponse, Leg } from '../../../src/cors/types.ts';

/** Values CORS reads, from a small vocabulary so that situations repeat and nearly repeat. */
const PAGES = ['http://localhost:5173', 'https://app.test', 'null', 'http://127.0.0.1:8080'];
const URLS = [
  'http://localhost:3000/api/items?n=1',
  'http://localhost:3000/api/items?n=2',
  'https://api.test/v1/data',
  'https://api.test/v1/data#x',
  'http://10.0.0.5/status',
];
/** Hostile: control characters, escapes, lone surrogates, markup, long and huge values. */
export const hostileText = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '\u001b[2J', '\r\n', 'a\nb', '"\\', '\ud800', '<b>', '*'),
  binaryString({ maxLength: 40 }),
  fc
    .tuple(fc.constantFrom('x', 'é', 'token=', '\u0007'), fc.integer({ min: 200, max: 20_000 }))
    .map(([s, n]) => s.repeat(n)),
);
const origin = fc.oneof(fc.constantFrom(...PAGES, 'http://localhost:5173 '), hostileText);
const requestHeader: fc.Arbitrary<Header> = fc.oneof(
  fc.record({ name: fc.constantFrom('Origin', 'origin'), value: origin }),
  fc.record({
    name: fc.constantFrom('Content-Type', 'content-type'),
    value: fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x'),
  }),
  fc.record({
    name: fc.constantFrom('Authorization', 'Cookie', 'X-Api-Key', 'X-Custom', 'Accept', 'DPR'),
    value: fc.oneof(fc.constantFrom('Bearer abc.def.ghi', 'sid=1', 'v'), hostileText),
  }),
  fc.record({
    name: fc.constantFrom('Access-Control-Request-Method', 'Access-Control-Request-Headers'),
    value: fc.constantFrom('PUT', 'GET', 'content-type,x-custom', 'authorization', ''),
  }),
  fc.record({ name: hostileText, value: hostileText }),
);
const responseHeader: fc.Arbitrary<Header> = fc.oneof(
  fc.record({
    name: fc.constantFrom('Access-Control-Allow-Origin', 'access-control-allow-origin'),
    value: fc.oneof(origin, fc.constantFrom('*', 'null', 'http://localhost:5173, *')),
  }),
  fc.record({
    name: fc.constantFrom('Access-Control-Allow-Credentials'),
    value: fc.constantFrom('true', 'TRUE', 'false', ''),
  }),
  fc.record({
    name: fc.constantFrom(
      'Access-Control-Allow-Methods',
      'Access-Control-Allow-Headers',
      'Access-Control-Expose-Headers',
    ),
    value: fc.constantFrom('*', 'GET, PUT', 'content-type', 'x-custom, authorization', ''),
  }),
  fc.record({
    name: fc.constantFrom('Vary', 'Location', 'Set-Cookie', 'Content-Type'),
    value: fc.oneof(fc.constantFrom('Origin', '/next', 'https://api.test/v2/data', 'a=1'), origin),
  }),
  fc.record({ name: hostileText, value: hostileText }),
);
const response: fc.Arbitrary<HttpResponse> = fc.record(
  {
    status: fc.constantFrom(0, 200, 204, 301, 302, 307, 400, 403, 404, 500),
    statusText: fc.constantFrom('OK', '', 'Not Found'),
    headers: fc.array(responseHeader, { maxLength: 8 }),
  },
  { requiredKeys: ['status', 'headers'] },
);
const request = fc.record({
  url: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...URLS) }, hostileText),
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'get', 'OPTIONS'),
  headers: fc.array(requestHeader, { maxLength: 8 }),
});
const netError = fc.option(fc.constantFrom('net::ERR_CONNECTION_REFUSED', 'net::ERR_FAILED'), {
  nil: undefined,
});
const leg: fc.Arbitrary<Leg> = fc.record(
  {
    request,
    preflight: fc.record(
      { request, response: fc.option(response, { nil: undefined }), netError },
      { requiredKeys: ['request'] },
    ),
    response: fc.option(response, { nil: undefined }),
    netError,
  },
  { requiredKeys: ['request'] },
);
export const exchange: fc.Arbitrary<Exchange> = fc.record(
  {
    id: fc.string({ maxLength: 4 }),
    initiatorOrigin: origin,
    mode: fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate'),
    credentials: fc.constantFrom('omit', 'same-origin', 'include'),
    initiator: fc.constantFrom('fetch', 'xhr', 'other'),
    forcedPreflight: fc.boolean(),
    legs: fc.array(leg, { minLength: 1, maxLength: 3 }),
    observed: fc.record(
      {
        netError: fc.constantFrom('net::ERR_FAILED', 'net::ERR_CONNECTION_REFUSED'),
        corsError: fc.constantFrom('MissingAllowOriginHeader', 'PreflightInvalidStatus'),
        failedParameter: fc.constantFrom('', 'http://localhost:5173'),
      },
      { requiredKeys: [] },
    ),
    startedAt: fc.constant('2026-12-03T06:00:00.000Z'),
    durationMs: fc.nat(),
  },
  { requiredKeys: ['initiatorOrigin', 'legs'] },
);
/** Exchanges with many headers: the memo's key and answers grow with them. */
export const manyHeaders: fc.Arbitrary<Exchange> = fc
  .tuple(exchange, fc.array(requestHeader, { minLength: 40, maxLength: 80 }))
  .map(([e, extra]) => ({
    ...e,
    legs: e.legs.map((l, i) =>
      i === 0 ? { ...l, request: { ...l.request, headers: [...l.request.headers, ...extra] } } : l,
    ),
  }));
