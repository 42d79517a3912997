import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHar, type HarReadResult } from '../../../src/har/index.ts';
import type { Exchange } from '../../../src/cors/types.ts';

const fixture = (name: string): HarReadResult =>
  readHar(readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8'));

const byUrl = (result: HarReadResult, url: string, method = 'GET'): Exchange => {
  const found = result.exchanges.find(
    (e) => e.legs[0]!.request.url === url && e.legs[0]!.request.method === method,
  );
  if (!found) throw new Error(`no exchange for ${method} ${url}`);
  return found;
};

const header = (headers: { name: string; value: string }[] | undefined, name: string) =>
  headers?.find((h) => h.name.toLowerCase() === name)?.value;

describe('readHar on Chromium exports', () => {
  it('keeps cross-origin requests and counts what it skipped', () => {
    const r = fixture('chrome-allowed.har');
    expect(r.errors).toEqual([]);
    expect(
      r.exchanges.map((e) => `${e.legs[0]!.request.method} ${e.legs[0]!.request.url}`),
    ).toEqual([
      'GET http://localhost:3000/api/items',
      'POST http://localhost:3000/api/items',
      'GET http://localhost:3000/api/profile',
      'GET http://localhost:3000/api/v1/items',
    ]);
    expect(r.skipped).toMatchObject({ 'same-origin': 2, navigation: 1, 'not-cors': 1 });
    for (const e of r.exchanges) {
      expect(e.initiatorOrigin).toBe('http://localhost:5173');
      expect(e.mode).toBe('cors');
      expect(e.startedAt).toMatch(/^2026-08-22T10:00:/);
    }
    expect(byUrl(r, 'http://localhost:3000/api/profile').initiator).toBe('xhr');
    expect(byUrl(r, 'http://localhost:3000/api/items').initiator).toBe('fetch');
  });

  it('pairs each preflight with its request, and leaves a cached one without', () => {
    const r = fixture('chrome-preflights.har');
    const posts = r.exchanges.filter((e) => e.legs[0]!.request.method === 'POST');
    expect(posts).toHaveLength(2);
    const [first, second] = posts as [Exchange, Exchange];
    expect(first.legs[0]!.preflight?.request.method).toBe('OPTIONS');
    expect(header(first.legs[0]!.preflight?.request.headers, 'access-control-request-method')).toBe(
      'POST',
    );
    expect(first.legs[0]!.preflight?.response?.status).toBe(204);
    expect(second.legs[0]!.preflight).toBeUndefined();
    // Every entry is either an exchange's or the navigation: no preflight left over.
    expect(r.skipped['unpaired-preflight']).toBe(0);
  });

  it('reads a request stopped by its preflight as "no response", marked blocked', () => {
    const put = byUrl(fixture('chrome-preflights.har'), 'http://localhost:3000/api/items/7', 'PUT');
    const leg = put.legs[0]!;
    expect(leg.response).toBeUndefined();
    // ERR_FAILED is Chromium's CORS mark, not a network failure: it belongs to `observed` only.
    expect(leg.netError).toBeUndefined();
    expect(put.observed).toEqual({ netError: 'net::ERR_FAILED' });
    expect(leg.preflight?.response?.status).toBe(404);
    expect(header(leg.preflight?.request.headers, 'access-control-request-headers')).toBe(
      'content-type',
    );
  });

  it('groups redirect hops into one exchange with the tainted Origin on the second leg', () => {
    const r = fixture('chrome-redirects.har');
    expect(r.exchanges).toHaveLength(2);
    const login = byUrl(r, 'http://localhost:3000/api/login');
    expect(login.legs.map((l) => l.request.url)).toEqual([
      'http://localhost:3000/api/login',
      'http://127.0.0.1:8080/auth',
    ]);
    expect(login.legs[0]!.response?.status).toBe(302);
    expect(header(login.legs[1]!.request.headers, 'origin')).toBe('null');
    expect(login.initiatorOrigin).toBe('http://localhost:5173');
    expect(login.observed?.netError).toBe('net::ERR_FAILED');
    const moved = byUrl(r, 'http://localhost:3000/api/v1/items');
    expect(moved.legs.map((l) => l.response?.status)).toEqual([301, 200]);
    expect(moved.observed).toBeUndefined();
  });

  it('keeps a real network error on the leg', () => {
    const health = byUrl(fixture('chrome-blocked.har'), 'http://localhost:4000/api/health');
    expect(health.legs[0]!.netError).toBe('net::ERR_CONNECTION_REFUSED');
    expect(health.legs[0]!.response).toBeUndefined();
  });

  it('gives every exchange the index of its first entry as id', () => {
    const r = fixture('chrome-mixed.har');
    for (const e of r.exchanges) {
      expect(r.entries[Number(e.id)]).toEqual({ kind: 'exchange', exchangeId: e.id });
    }
    expect(new Set(r.exchanges.map((e) => e.id)).size).toBe(r.exchanges.length);
  });
});

describe('readHar on Firefox exports', () => {
  const r = fixture('firefox-mixed.har');

  it('pairs preflights that come before their request', () => {
    expect(r.errors).toEqual([]);
    expect(r.exchanges).toHaveLength(4);
    const post = byUrl(r, 'http://localhost:3000/api/items', 'POST');
    expect(post.legs[0]!.preflight?.response?.status).toBe(204);
    const put = byUrl(r, 'http://localhost:3000/api/items/7', 'PUT');
    expect(put.legs[0]!.preflight?.response?.status).toBe(404);
    expect(put.legs[0]!.response).toBeUndefined();
  });

  it('has no blocked mark and no resource type to copy', () => {
    for (const e of r.exchanges) {
      expect(e.observed).toBeUndefined();
      expect(e.initiator).toBeUndefined();
      expect(e.initiatorOrigin).toBe('http://localhost:5173');
    }
  });
});
