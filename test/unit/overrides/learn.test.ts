import { describe, expect, it } from 'vitest';
import {
  learnFromFailure,
  learnFromPreflight,
  learnFromRedirect,
} from '../../../src/overrides/learn.ts';
import { validateOverride } from '../../../src/overrides/validate.ts';
import { LIMITS } from '../../../src/overrides/defaults.ts';
import { h, override } from './fixtures.ts';

describe('learnFromPreflight', () => {
  it('learns unknown methods (case kept) and headers (lower-cased)', () => {
    const o = override();
    const { override: next, learned } = learnFromPreflight(o, [
      h('Access-Control-Request-Method', 'PROPFIND'),
      h('Access-Control-Request-Headers', 'content-type,X-Custom,x-trace-id'),
      h('Origin', 'http://localhost:5173'),
    ]);
    expect(learned).toEqual({ methods: ['PROPFIND'], requestHeaders: ['x-custom', 'x-trace-id'] });
    expect(next.learned).toEqual({
      methods: ['PROPFIND'],
      requestHeaders: ['x-custom', 'x-trace-id'],
    });
    expect(o.learned).toEqual({ methods: [], requestHeaders: [] });
  });

  it('ignores safelisted, default, configured and already learned entries', () => {
    const o = override({
      methods: ['PURGE'],
      requestHeaders: ['x-a'],
      learned: { methods: ['LOCK'], requestHeaders: ['x-b'] },
    });
    for (const method of ['GET', 'post', 'PUT', 'patch', 'PURGE', 'LOCK']) {
      const r = learnFromPreflight(o, [
        h('access-control-request-method', method),
        h('access-control-request-headers', 'x-a, x-b, authorization, content-type'),
      ]);
      expect(r.learned).toEqual({ methods: [], requestHeaders: [] });
      expect(r.override).toBe(o);
    }
  });

  it('keeps the case of a custom method (Allow-Methods is case-sensitive)', () => {
    const r = learnFromPreflight(override(), [h('Access-Control-Request-Method', 'purge')]);
    expect(r.learned.methods).toEqual(['purge']);
  });

  it('never learns a * (it would widen the lists for uncredentialed requests)', () => {
    const r = learnFromPreflight(override(), [
      h('Access-Control-Request-Method', '*'),
      h('Access-Control-Request-Headers', '*, x-ok'),
    ]);
    expect(r.learned).toEqual({ methods: [], requestHeaders: ['x-ok'] });
  });

  it('drops hostile input and caps the lists', () => {
    const r = learnFromPreflight(override(), [
      h('Access-Control-Request-Method', 'BAD METHOD'),
      h('Access-Control-Request-Headers', 'cookie, sec-foo, bad header, ,x-ok'),
    ]);
    expect(r.learned).toEqual({ methods: [], requestHeaders: ['x-ok'] });
    const flood = Array.from({ length: 200 }, (_, i) => `x-h${i}`).join(',');
    const capped = learnFromPreflight(override(), [h('Access-Control-Request-Headers', flood)]);
    expect(capped.override.learned.requestHeaders).toHaveLength(64);
    const again = learnFromPreflight(capped.override, [
      h('Access-Control-Request-Headers', 'x-new'),
    ]);
    expect(again.learned.requestHeaders).toEqual([]);
    expect(learnFromPreflight(override(), null as never).learned.methods).toEqual([]);
  });
});

describe('learnFromRedirect', () => {
  it('learns the target of a redirect between two API origins, by path', () => {
    const r = learnFromRedirect(
      override(),
      'http://localhost:3000/dl',
      'https://cdn.example/f?x=1#top',
    );
    expect(r.learnedOrigin).toBe('https://cdn.example');
    expect(r.override.learned.redirectTargets).toEqual(['https://cdn.example/f']);
    const again = learnFromRedirect(
      r.override,
      'http://localhost:3000/a',
      'https://cdn.example/f?y',
    );
    expect(again.override).toBe(r.override);
    const other = learnFromRedirect(r.override, 'http://localhost:3000/a', 'https://cdn.example/b');
    expect(other.override.learned.redirectTargets).toEqual([
      'https://cdn.example/f',
      'https://cdn.example/b',
    ]);
  });

  it('learns a redirect from an API back to the site (that taints too)', () => {
    const r = learnFromRedirect(override(), 'http://localhost:3000/a', 'http://localhost:5173/cb');
    expect(r.override.learned.redirectTargets).toEqual(['http://localhost:5173/cb']);
  });

  it('ignores same-origin redirects and redirects that do not taint', () => {
    const o = override();
    expect(
      learnFromRedirect(o, 'http://localhost:3000/a', 'http://localhost:3000/b').override,
    ).toBe(o);
    // From the site itself: the initiator is same-origin with the redirecting URL, no taint.
    expect(
      learnFromRedirect(o, 'http://localhost:5173/a', 'http://localhost:3000/b').override,
    ).toBe(o);
    expect(learnFromRedirect(o, 'garbage', 'http://localhost:3000/b').override).toBe(o);
    expect(learnFromRedirect(o, 'http://localhost:3000/a', 'ftp://x.example/b').override).toBe(o);
  });

  it('stays bounded: past the limit the oldest target gives way, never an error', () => {
    let o = override();
    for (let i = 0; i < LIMITS.learnedRedirectTargets + 5; i++) {
      o = learnFromRedirect(o, 'http://localhost:3000/a', `https://cdn.example/${i}`).override;
    }
    const targets = o.learned.redirectTargets ?? [];
    expect(targets).toHaveLength(LIMITS.learnedRedirectTargets);
    expect(targets.at(-1)).toBe(`https://cdn.example/${LIMITS.learnedRedirectTargets + 4}`);
    expect(targets).not.toContain('https://cdn.example/0');
  });

  it('keeps urlFilter syntax out of a learned path', () => {
    const r = learnFromRedirect(override(), 'http://localhost:3000/a', 'https://cdn.example/a*b^c');
    expect(r.override.learned.redirectTargets).toEqual(['https://cdn.example/a']);
  });
});

describe('learnFromFailure', () => {
  const API_ORIGIN = 'http://127.0.0.1:4000';
  it('learns the API origin of a failed direct request, once', () => {
    const first = learnFromFailure(override(), `${API_ORIGIN}/items?page=2`);
    expect(first.learnedOrigin).toBe(API_ORIGIN);
    expect(first.override.learned.failedOrigins).toEqual([API_ORIGIN]);
    const again = learnFromFailure(first.override, `${API_ORIGIN}/other`);
    expect(again.override).toBe(first.override);
  });

  it("ignores the site's own origin, non-http URLs and failures on a learned redirect target", () => {
    const o = override({
      learned: { methods: [], requestHeaders: [], redirectTargets: [`${API_ORIGIN}/files/1`] },
    });
    for (const url of [
      'http://localhost:5173/api',
      'data:text/plain,x',
      'not a url',
      `${API_ORIGIN}/files/1`,
      `${API_ORIGIN}/files/1?x=1`,
      `${API_ORIGIN}/files/1/part`,
    ]) {
      expect(learnFromFailure(o, url).override, url).toBe(o);
    }
    expect(learnFromFailure(o, `${API_ORIGIN}/files/10`).learnedOrigin).toBe(API_ORIGIN);
  });

  it('keeps at most the limit, the oldest giving way', () => {
    let o = override();
    for (let i = 0; i < LIMITS.learnedFailedOrigins + 5; i++) {
      o = learnFromFailure(o, `http://127.0.0.1:${4000 + i}/x`).override;
    }
    const kept = o.learned.failedOrigins ?? [];
    expect(kept).toHaveLength(LIMITS.learnedFailedOrigins);
    expect(kept.at(-1)).toBe(`http://127.0.0.1:${4000 + LIMITS.learnedFailedOrigins + 4}`);
    expect(validateOverride(o).errors).toEqual([]);
  });
});
