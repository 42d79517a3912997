import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/overrides/simulate.ts';
import { API, h, NOW, override, SITE } from './fixtures.ts';

const TAB = { tabId: 7, origin: SITE };
const GET = { url: `${API}/items`, method: 'GET', type: 'fetch' as const };

describe('simulate', () => {
  it('adds the missing headers and says which override did it', () => {
    const out = simulate(
      [override()],
      TAB,
      GET,
      { status: 200, headers: [h('Content-Type', 'application/json')] },
      NOW,
    );
    expect(out.changed).toBe(true);
    expect(out.overrideId).toBe('ov-1');
    expect(out.added).toEqual([
      h('Access-Control-Allow-Origin', SITE),
      h('Vary', 'Origin'),
      h('Access-Control-Allow-Credentials', 'true'),
    ]);
    expect(out.replaced).toEqual([]);
    expect(out.headers[0]).toEqual(h('Content-Type', 'application/json'));
  });

  it('reports what it replaced', () => {
    const out = simulate(
      [override()],
      TAB,
      GET,
      { status: 200, headers: [h('access-control-allow-origin', 'http://localhost:9999')] },
      NOW,
    );
    expect(out.replaced).toEqual([h('access-control-allow-origin', 'http://localhost:9999')]);
    expect(out.added).toContainEqual(h('Access-Control-Allow-Origin', SITE));
  });

  it('leaves a correct response as it was', () => {
    const headers = [
      h('Access-Control-Allow-Origin', SITE),
      h('Access-Control-Allow-Credentials', 'true'),
    ];
    const out = simulate([override()], TAB, GET, { status: 200, headers }, NOW);
    expect(out.changed).toBe(false);
    expect(out.added).toEqual([]);
    expect(out.replaced).toEqual([]);
    expect(out.overrideId).toBe('ov-1');
  });

  it('keeps a bare * and null until the API origin fails a request; then replaces them', () => {
    const star = [h('Access-Control-Allow-Origin', '*')];
    expect(
      simulate([override({ credentials: false })], TAB, GET, { status: 200, headers: star }, NOW)
        .changed,
    ).toBe(false);
    const failedOrigins = [new URL(API).origin];
    const acao = (headers: { name: string; value: string }[], failed: boolean) =>
      simulate(
        [override(failed ? { learned: { methods: [], requestHeaders: [], failedOrigins } } : {})],
        TAB,
        GET,
        { status: 200, headers },
        NOW,
      ).headers.filter((x) => /allow-origin/i.test(x.name));
    // Nothing failed yet: `*` passes uncredentialed requests, `null` tainted ones.
    expect(acao(star, false)).toEqual(star);
    expect(acao([h('Access-Control-Allow-Origin', 'null')], false)).toEqual([
      h('Access-Control-Allow-Origin', 'null'),
    ]);
    // Once a direct request failed there: `*` (credentials on) and a hard-coded `null` get the site.
    expect(acao(star, true)).toEqual([h('Access-Control-Allow-Origin', SITE)]);
    expect(acao([h('Access-Control-Allow-Origin', 'null')], true)).toEqual([
      h('Access-Control-Allow-Origin', SITE),
    ]);
    expect(acao([h('Access-Control-Allow-Origin', 'null'), h('Vary', 'Accept')], true)).toEqual([
      h('Access-Control-Allow-Origin', SITE),
    ]);
    // An echoing server says so with Vary: Origin: its `null` answers a tainted request.
    expect(
      acao([h('Access-Control-Allow-Origin', 'null'), h('Vary', 'Accept, Origin')], true),
    ).toEqual([h('Access-Control-Allow-Origin', 'null')]);
  });

  it('replaces a preflight list Chromium cannot parse, keeps a valid one', () => {
    const preflight = { url: `${API}/items/1`, method: 'OPTIONS', type: 'preflight' as const };
    const lists = (headers: { name: string; value: string }[]) =>
      simulate([override()], TAB, preflight, { status: 204, headers }, NOW).headers.filter((x) =>
        /allow-(methods|headers)/i.test(x.name),
      );
    const bad = lists([
      h('Access-Control-Allow-Methods', 'PUT;, DELETE'),
      h('Access-Control-Allow-Headers', 'x-custom;'),
    ]);
    expect(bad.map((x) => x.value).join(' ')).not.toMatch(/;/);
    expect(bad.filter((x) => /methods/i.test(x.name)).length).toBeGreaterThan(0);
    for (const value of ['GET POST', 'a/b', '"PUT"', 'x:y', 'x=1', 'a@b', '{x}']) {
      const out = lists([h('Access-Control-Allow-Methods', value)]);
      expect(
        out.map((x) => x.value),
        value,
      ).not.toContain(value);
    }
    const good = lists([h('Access-Control-Allow-Methods', 'PROPFIND, GET')]);
    expect(good[0]).toEqual(h('Access-Control-Allow-Methods', 'PROPFIND, GET'));
  });

  it('fixes a preflight with the lists and a short Max-Age', () => {
    const out = simulate(
      [override({ requestHeaders: ['x-custom'] })],
      TAB,
      { url: `${API}/items/1`, method: 'OPTIONS', type: 'preflight' },
      {
        status: 204,
        headers: [h('Access-Control-Allow-Methods', 'GET'), h('Access-Control-Max-Age', '86400')],
      },
      NOW,
    );
    const methods = out.headers
      .filter((x) => x.name === 'Access-Control-Allow-Methods')
      .map((x) => x.value);
    expect(methods[0]).toBe('GET');
    expect(methods[1]).toContain('PUT');
    expect(out.headers.find((x) => x.name === 'Access-Control-Allow-Headers')?.value).toContain(
      'x-custom',
    );
    expect(out.replaced).toEqual([h('Access-Control-Max-Age', '86400')]);
  });

  it('touches nothing outside the override: other tab, other initiator, same origin, paused, expired, another API', () => {
    const headers: ReturnType<typeof h>[] = [];
    const unchanged = (result: ReturnType<typeof simulate>) => expect(result.changed).toBe(false);
    unchanged(
      simulate(
        [override()],
        { tabId: 8, origin: 'http://localhost:4000' },
        GET,
        { status: 200, headers },
        NOW,
      ),
    );
    unchanged(
      simulate(
        [override()],
        TAB,
        { ...GET, initiator: 'https://widget.example' },
        { status: 200, headers },
        NOW,
      ),
    );
    unchanged(
      simulate([override()], TAB, { ...GET, url: `${SITE}/api` }, { status: 200, headers }, NOW),
    );
    unchanged(simulate([override({ paused: true })], TAB, GET, { status: 200, headers }, NOW));
    unchanged(simulate([override()], TAB, GET, { status: 200, headers }, NOW + 3_600_000));
    unchanged(
      simulate(
        [override({ apiOrigins: ['http://localhost:4000'] })],
        TAB,
        GET,
        { status: 200, headers },
        NOW,
      ),
    );
    unchanged(
      simulate([override()], TAB, { ...GET, type: 'image' }, { status: 200, headers }, NOW),
    );
  });

  it('tab-close overrides apply while their tab is open', () => {
    const o = override({ end: { kind: 'tab-close', tabId: 3 } });
    expect(simulate([o], TAB, GET, { status: 200, headers: [] }, NOW).changed).toBe(true);
    expect(
      simulate([o], TAB, GET, { status: 200, headers: [] }, NOW, { openTabIds: [7] }).changed,
    ).toBe(false);
  });

  it('a learned redirect target gets null on its path; direct calls elsewhere keep the site', () => {
    const o = override({
      learned: { methods: [], requestHeaders: [], redirectTargets: ['https://cdn.example/f'] },
    });
    const at = (url: string, headers: { name: string; value: string }[]) =>
      simulate([o], TAB, { url, method: 'GET', type: 'fetch' }, { status: 200, headers }, NOW)
        .headers.filter((x) => /allow-origin/i.test(x.name))
        .map((x) => x.value);
    for (const url of [
      'https://cdn.example/f',
      'https://cdn.example/f?sig=1',
      'https://cdn.example/f/2',
    ]) {
      expect(at(url, []), url).toEqual(['null']);
      expect(at(url, [h('Access-Control-Allow-Origin', '*')]), url).toEqual(['null']);
    }
    for (const url of ['https://cdn.example/g', 'https://cdn.example/fa', 'https://cdn.example/']) {
      expect(at(url, []), url).toEqual([SITE]);
      expect(at(url, [h('Access-Control-Allow-Origin', SITE)]), url).toEqual([SITE]);
    }
  });

  it('without header conditions, sets the origin everywhere (the Firefox fallback)', () => {
    const out = simulate(
      [override()],
      TAB,
      GET,
      { status: 200, headers: [h('Access-Control-Allow-Origin', 'null')] },
      NOW,
      {
        supportsResponseHeaderConditions: false,
      },
    );
    expect(out.headers).toContainEqual(h('Access-Control-Allow-Origin', SITE));
  });
});
