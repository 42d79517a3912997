import { describe, expect, it } from 'vitest';
import { learnFromPreflight, learnFromRedirect } from '../../../src/overrides/learn.ts';
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
