import { describe, expect, it } from 'vitest';
import { harEntriesToExchanges } from '../../../src/har/index.ts';
import { API, entry, PAGE_ORIGIN, preflight, request } from './entries.ts';

const URL1 = `${API}/api/items/1`;

describe('preflight pairing', () => {
  it('pairs a preflight logged after its request (Chromium order)', () => {
    const r = harEntriesToExchanges([
      request(URL1, { method: 'PUT', at: 0, time: 12 }),
      preflight(URL1, 'PUT', { at: 1, time: 3 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.legs[0]!.preflight?.request.method).toBe('OPTIONS');
    expect(r.entries).toEqual([
      { kind: 'exchange', exchangeId: '0' },
      { kind: 'exchange', exchangeId: '0' },
    ]);
  });

  it('pairs a preflight logged before its request (Firefox order)', () => {
    const r = harEntriesToExchanges([
      preflight(URL1, 'PUT', { at: 0, time: 3 }),
      request(URL1, { method: 'PUT', at: 4 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.id).toBe('1');
    expect(r.exchanges[0]!.legs[0]!.preflight).toBeDefined();
  });

  it('gives the preflight to the closest request in time', () => {
    const r = harEntriesToExchanges([
      request(URL1, { method: 'PUT', at: 0, time: 5 }),
      request(URL1, { method: 'PUT', at: 1000, time: 5 }),
      preflight(URL1, 'PUT', { at: 1001, time: 2 }),
    ]);
    expect(r.exchanges.map((e) => e.legs[0]!.preflight !== undefined)).toEqual([false, true]);
  });

  it('does not pair across methods, origins or long gaps', () => {
    const r = harEntriesToExchanges([
      request(URL1, { method: 'PUT', at: 0 }),
      preflight(URL1, 'DELETE', { at: 1 }),
      preflight(URL1, 'PUT', { at: 2, origin: 'http://localhost:4173' }),
      preflight(URL1, 'PUT', { at: 60_000 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.legs[0]!.preflight).toBeUndefined();
    expect(r.skipped['unpaired-preflight']).toBe(3);
  });

  it('pairs by position when the entries have no times', () => {
    const r = harEntriesToExchanges([
      request(URL1, { method: 'PUT' }),
      preflight(URL1, 'PUT'),
      request(URL1, { method: 'PUT' }),
    ]);
    expect(r.exchanges.map((e) => e.legs[0]!.preflight !== undefined)).toEqual([true, false]);
  });

  it('treats an OPTIONS request without Access-Control-Request-Method as a request', () => {
    const r = harEntriesToExchanges([request(URL1, { method: 'OPTIONS', at: 0 })]);
    expect(r.exchanges[0]!.legs[0]!.request.method).toBe('OPTIONS');
  });

  it('uses the chain origin when the request has only provisional headers', () => {
    const blockedRequest = entry({
      url: URL1,
      method: 'PUT',
      resourceType: 'fetch',
      status: 0,
      error: 'net::ERR_FAILED',
      headers: { Referer: `${PAGE_ORIGIN}/`, 'Content-Type': 'application/json' },
      at: 0,
    });
    const r = harEntriesToExchanges([
      blockedRequest,
      preflight(URL1, 'PUT', { at: 1, status: 404 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.initiatorOrigin).toBe(PAGE_ORIGIN);
    expect(r.exchanges[0]!.legs[0]!.preflight?.response?.status).toBe(404);
  });
});

describe('redirect chains', () => {
  const first = `${API}/api/login`;
  const second = 'http://127.0.0.1:8080/auth';

  it('follows redirectURL, even when relative', () => {
    const r = harEntriesToExchanges([
      request(first, { at: 0, time: 3, status: 302, redirectURL: '/api/next' }),
      request(`${API}/api/next`, { at: 4 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.legs.map((l) => l.request.url)).toEqual([first, `${API}/api/next`]);
  });

  it('falls back to the Location header', () => {
    const r = harEntriesToExchanges([
      request(first, { at: 0, time: 3, status: 307, responseHeaders: { Location: second } }),
      request(second, { at: 4, headers: { Origin: 'null' } }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.legs).toHaveLength(2);
  });

  it('keeps a same-origin hop that redirects to another origin, as one exchange', () => {
    const local = `${PAGE_ORIGIN}/auth/start`;
    const r = harEntriesToExchanges([
      entry({
        url: local,
        resourceType: 'fetch',
        at: 0,
        time: 2,
        status: 302,
        redirectURL: second,
        headers: { 'Sec-Fetch-Mode': 'cors', Referer: `${PAGE_ORIGIN}/` },
      }),
      request(second, { at: 3 }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0]!.legs.map((l) => l.request.url)).toEqual([local, second]);
  });

  it('skips a chain that never leaves the page origin, counting both hops', () => {
    const r = harEntriesToExchanges([
      entry({
        url: `${PAGE_ORIGIN}/old`,
        resourceType: 'fetch',
        at: 0,
        status: 301,
        redirectURL: `${PAGE_ORIGIN}/new`,
        headers: { Referer: `${PAGE_ORIGIN}/` },
      }),
      entry({
        url: `${PAGE_ORIGIN}/new`,
        resourceType: 'fetch',
        at: 6,
        headers: { Referer: `${PAGE_ORIGIN}/` },
      }),
    ]);
    expect(r.exchanges).toEqual([]);
    expect(r.skipped['same-origin']).toBe(2);
  });

  it('does not take an unrelated request for the next hop', () => {
    const r = harEntriesToExchanges([
      request(first, { at: 0, time: 3, status: 302, redirectURL: second }),
      request(second, { at: 4, headers: { Origin: 'http://localhost:4173' } }),
      request(second, { at: 60_000, headers: { Origin: 'null' } }),
    ]);
    expect(r.exchanges.map((e) => e.legs.length)).toEqual([1, 1, 1]);
  });

  it('pairs a preflight with the hop it served', () => {
    const r = harEntriesToExchanges([
      request(first, { method: 'PUT', at: 0, time: 3, status: 307, redirectURL: second }),
      request(second, { method: 'PUT', at: 4, time: 8, headers: { Origin: 'null' } }),
      preflight(second, 'PUT', { at: 5, origin: 'null' }),
    ]);
    expect(r.exchanges).toHaveLength(1);
    const legs = r.exchanges[0]!.legs;
    expect(legs[0]!.preflight).toBeUndefined();
    expect(legs[1]!.preflight?.request.url).toBe(second);
  });
});

describe('what is not an exchange', () => {
  it('skips navigations, no-cors loads, odd schemes and same-origin calls', () => {
    const r = harEntriesToExchanges(
      [
        entry({
          url: `${PAGE_ORIGIN}/`,
          resourceType: 'document',
          headers: { 'Sec-Fetch-Mode': 'navigate' },
        }),
        entry({
          url: 'https://cdn.example.net/a.png',
          resourceType: 'image',
          headers: { 'Sec-Fetch-Mode': 'no-cors', Referer: `${PAGE_ORIGIN}/` },
        }),
        entry({ url: 'data:image/png;base64,AAAA' }),
        request(`${PAGE_ORIGIN}/api/local`),
        entry({ url: `${API}/x`, resourceType: 'fetch' }),
      ],
      {},
    );
    expect(r.exchanges).toEqual([]);
    expect(r.entries.map((o) => (o.kind === 'skipped' ? o.reason : o.kind))).toEqual([
      'navigation',
      'not-cors',
      'unsupported-scheme',
      'same-origin',
      'unknown-initiator',
    ]);
  });

  it('finds the initiator from Referer, the HAR page, or the caller', () => {
    const noOrigin = (extra: Record<string, unknown> = {}) => ({
      ...entry({ url: `${API}/x`, resourceType: 'fetch' }),
      ...extra,
    });
    const fromReferer = harEntriesToExchanges([
      entry({
        url: `${API}/x`,
        resourceType: 'fetch',
        headers: { Referer: 'http://localhost:5173/some/page?q=1' },
      }),
    ]);
    expect(fromReferer.exchanges[0]!.initiatorOrigin).toBe(PAGE_ORIGIN);
    const fromPage = harEntriesToExchanges([noOrigin({ pageref: 'p1' })], {
      pageOrigins: { p1: 'http://localhost:8000' },
    });
    expect(fromPage.exchanges[0]!.initiatorOrigin).toBe('http://localhost:8000');
    const fromCaller = harEntriesToExchanges([noOrigin()], { pageOrigin: 'http://localhost:9000' });
    expect(fromCaller.exchanges[0]!.initiatorOrigin).toBe('http://localhost:9000');
    const fromInitiator = harEntriesToExchanges([
      noOrigin({ _initiator: { type: 'parser', url: 'http://localhost:7000/index.html' } }),
    ]);
    expect(fromInitiator.exchanges[0]!.initiatorOrigin).toBe('http://localhost:7000');
  });

  it('keeps an opaque origin as "null"', () => {
    const r = harEntriesToExchanges([request(`${API}/x`, { headers: { Origin: 'null' } })]);
    expect(r.exchanges[0]!.initiatorOrigin).toBe('null');
  });

  it('reads a CORS verdict recorded by the source', () => {
    const e = request(`${API}/x`, { error: 'net::ERR_FAILED' });
    (e.response as Record<string, unknown>)._corsErrorStatus = {
      corsError: 'AllowOriginMismatch',
      failedParameter: 'http://localhost:3000',
    };
    const r = harEntriesToExchanges([e]);
    expect(r.exchanges[0]!.observed).toEqual({
      netError: 'net::ERR_FAILED',
      corsError: 'AllowOriginMismatch',
      failedParameter: 'http://localhost:3000',
    });
  });
});
