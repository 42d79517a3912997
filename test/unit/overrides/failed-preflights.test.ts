// Pairing a tab's DevTools entries: a preflight, then its request blocked (or the other order).
import { describe, expect, it } from 'vitest';
import { FailedPreflights, type ObservedEntry } from '../../../src/overrides/failed-preflights.ts';

const URL_ = 'http://api.test/items?page=1';
const SITE = 'http://localhost:5173';

function preflight(url: string, method: string, headers?: string): ObservedEntry {
  return {
    request: {
      method: 'OPTIONS',
      url,
      headers: [
        { name: 'Accept', value: '*/*' },
        { name: 'Access-Control-Request-Method', value: method },
        ...(headers ? [{ name: 'Access-Control-Request-Headers', value: headers }] : []),
        { name: 'Origin', value: SITE },
        { name: 'User-Agent', value: 'x' },
      ],
    },
    response: { status: 204, _error: null },
  };
}
const request = (url: string, method: string, blocked: boolean): ObservedEntry => ({
  request: { method, url, headers: [{ name: 'X-Trace-Id', value: '1' }] },
  response: blocked ? { status: 0, _error: 'net::ERR_FAILED' } : { status: 200, _error: null },
});
const reported = (method: string, headers?: string) => ({
  url: URL_,
  requestHeaders: [
    { name: 'Access-Control-Request-Method', value: method },
    ...(headers ? [{ name: 'Access-Control-Request-Headers', value: headers }] : []),
    { name: 'Origin', value: SITE },
  ],
});

describe('FailedPreflights', () => {
  it('a preflight followed by its blocked request: reported once, with its CORS headers only', () => {
    const f = new FailedPreflights();
    expect(f.onEntry(preflight(URL_, 'PUT', 'x-trace-id'))).toBeUndefined();
    expect(f.onEntry(request(URL_, 'PUT', true))).toEqual(reported('PUT', 'x-trace-id'));
    expect(f.onEntry(request(URL_, 'PUT', true))).toBeUndefined();
  });

  it('the other order (the blocked request first) is paired too', () => {
    const f = new FailedPreflights();
    expect(f.onEntry(request(URL_, 'DELETE', true))).toBeUndefined();
    expect(f.onEntry(preflight(URL_, 'DELETE'))).toEqual(reported('DELETE'));
  });

  it('a preflight whose request passed, or of another method or URL, is not reported', () => {
    const f = new FailedPreflights();
    f.onEntry(preflight(URL_, 'PUT', 'x-a'));
    expect(f.onEntry(request(URL_, 'PUT', false))).toBeUndefined();
    expect(f.onEntry(request(URL_, 'PUT', true))).toBeUndefined();
    f.onEntry(preflight(URL_, 'PATCH', 'x-b'));
    expect(f.onEntry(request(URL_, 'PUT', true))).toBeUndefined();
    expect(f.onEntry(request('http://api.test/other', 'PATCH', true))).toBeUndefined();
  });

  it('the latest preflight of a URL is the one reported', () => {
    const f = new FailedPreflights();
    f.onEntry(preflight(URL_, 'PUT', 'x-old'));
    f.onEntry(preflight(URL_, 'PUT', 'x-new'));
    expect(f.onEntry(request(URL_, 'PUT', true))).toEqual(reported('PUT', 'x-new'));
  });

  it('bounded: thousands of unanswered entries keep only the latest ones', () => {
    const f = new FailedPreflights();
    for (let i = 0; i < 5000; i++) {
      f.onEntry(preflight(`http://api.test/p${i}`, 'PUT'));
      f.onEntry(request(`http://api.test/q${i}`, 'PUT', true));
    }
    expect(f.onEntry(request('http://api.test/p0', 'PUT', true))).toBeUndefined();
    expect(f.onEntry(request('http://api.test/p4999', 'PUT', true))?.url).toBe(
      'http://api.test/p4999',
    );
    const inner = f as unknown as {
      preflights: Map<string, unknown>;
      blocked: Map<string, unknown>;
    };
    expect(inner.preflights.size).toBeLessThanOrEqual(64);
    expect(inner.blocked.size).toBeLessThanOrEqual(64);
  });

  it('entries without a request or headers are ignored, not thrown on', () => {
    const f = new FailedPreflights();
    for (const junk of [null, {}, { request: {} }, { request: { method: 'OPTIONS', url: URL_ } }]) {
      expect(f.onEntry(junk as never)).toBeUndefined();
    }
  });
});
