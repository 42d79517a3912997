/**
 * The evaluator must behave like Chromium's DNR. Each expectation here was measured in Chromium 156
 * (a throwaway extension, real fetches; see docs/overrides.md, "What Chromium does").
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateResponse,
  matchesCondition,
  matchesHeaderInfo,
  type DnrRequest,
} from '../../../src/overrides/dnr-engine.ts';
import type { DnrRule } from '../../../src/overrides/dnr-types.ts';
import { matchesUrlFilter } from '../../../src/overrides/url-filter.ts';
import { h } from './fixtures.ts';

const REQ: DnrRequest = {
  url: 'http://localhost:3000/x?y=1',
  method: 'GET',
  type: 'xmlhttprequest',
  tabId: 1,
  initiator: 'http://localhost:5173',
};

describe('response-header conditions (measured)', () => {
  const variants: Record<string, ReturnType<typeof h>[]> = {
    single: [h('X-T', 'foo')],
    comma: [h('X-T', 'foo, bar')],
    twoLines: [h('X-T', 'foo'), h('X-T', 'bar')],
    upper: [h('X-T', 'FOO')],
    star: [h('X-T', '*')],
    absent: [],
    fo: [h('X-T', 'fo')],
    bar: [h('X-T', 'bar')],
  };
  // The same probe conditions as the Chromium experiment, with the hits Chromium reported.
  const probes = {
    m1: { responseHeaders: [{ header: 'x-t', values: ['foo'] }] },
    m2: { excludedResponseHeaders: [{ header: 'x-t', values: ['foo'] }] },
    m3: { responseHeaders: [{ header: 'x-t', excludedValues: ['foo'] }] },
    m4: { responseHeaders: [{ header: 'x-t', values: ['*,*'] }] },
    m5: { responseHeaders: [{ header: 'x-t', values: ['\\*'] }] },
    m6: { responseHeaders: [{ header: 'x-t', values: ['foo, bar'] }] },
    m7: { responseHeaders: [{ header: 'x-t', values: ['*'] }] },
    m8: { responseHeaders: [{ header: 'X-T' }] },
    m9: { responseHeaders: [{ header: 'x-t', values: ['foo'], excludedValues: ['bar'] }] },
    m10: { responseHeaders: [{ header: 'x-t', values: ['fo?'] }] },
  };
  const chromium: Record<string, string> = {
    single: 'm1 m7 m8 m9 m10',
    comma: 'm1 m7 m8 m10',
    twoLines: 'm1 m7 m8 m10',
    upper: 'm1 m7 m8 m9 m10',
    star: 'm2 m3 m5 m7 m8',
    absent: 'm2',
    fo: 'm2 m3 m7 m8 m10',
    bar: 'm2 m3 m7 m8',
  };
  it.each(Object.keys(variants))('%s', (name) => {
    const hits = Object.entries(probes)
      .filter(([, c]) => matchesCondition(c, REQ, variants[name]))
      .map(([k]) => k)
      .join(' ');
    expect(hits).toBe(chromium[name]);
  });

  it('a rule with header conditions never matches before the headers are known', () => {
    expect(matchesCondition(probes.m2, REQ)).toBe(false);
    expect(matchesHeaderInfo({ header: 'x' }, [h('X', '')])).toBe(true);
  });
});

describe('request conditions', () => {
  it('tabs, methods, types, domains, initiator', () => {
    expect(matchesCondition({ tabIds: [2] }, REQ)).toBe(false);
    expect(matchesCondition({ requestMethods: ['options'] }, REQ)).toBe(false);
    expect(matchesCondition({ requestMethods: ['get'] }, REQ)).toBe(true);
    expect(matchesCondition({ excludedRequestMethods: ['get'] }, REQ)).toBe(false);
    expect(matchesCondition({ resourceTypes: ['script'] }, REQ)).toBe(false);
    expect(matchesCondition({}, { ...REQ, type: 'main_frame' })).toBe(false);
    expect(matchesCondition({ requestDomains: ['localhost'] }, REQ)).toBe(true);
    expect(matchesCondition({ requestDomains: ['host'] }, REQ)).toBe(false);
    expect(matchesCondition({ initiatorDomains: ['localhost'] }, REQ)).toBe(true);
    expect(
      matchesCondition({ initiatorDomains: ['localhost'] }, { ...REQ, initiator: 'null' }),
    ).toBe(false);
    expect(
      matchesCondition(
        { initiatorDomains: ['example.com'] },
        { ...REQ, initiator: 'https://a.example.com' },
      ),
    ).toBe(true);
  });

  it('urlFilter anchors', () => {
    expect(matchesUrlFilter('http://localhost:3000/x', '|http://localhost:3000/')).toBe(true);
    expect(matchesUrlFilter('http://localhost:30001/x', '|http://localhost:3000/')).toBe(false);
    expect(
      matchesUrlFilter('http://evil.test/?u=http://localhost:3000/', '|http://localhost:3000/'),
    ).toBe(false);
    expect(matchesUrlFilter('https://a.example.com/x', '||example.com^')).toBe(true);
    expect(matchesUrlFilter('https://badexample.com/x', '||example.com^')).toBe(false);
    expect(matchesUrlFilter('https://x.test/a/b', 'a*b|')).toBe(true);
    expect(matchesUrlFilter('HTTP://LOCALHOST:3000/', '|http://localhost:3000/')).toBe(true);
    expect(matchesUrlFilter('HTTP://LOCALHOST:3000/', '|http://localhost:3000/', true)).toBe(false);
  });
});

describe('operations and priorities (measured)', () => {
  const rule = (
    id: number,
    priority: number,
    ops: [string, 'set' | 'append' | 'remove', string?][],
    cond = {},
  ): DnrRule => ({
    id,
    priority,
    condition: cond,
    action: {
      type: 'modifyHeaders',
      responseHeaders: ops.map(([header, operation, value]) => ({
        header,
        operation,
        ...(value !== undefined ? { value } : {}),
      })),
    },
  });
  const run = (rules: DnrRule[], headers = [h('x-a', 'srv')]) =>
    evaluateResponse(rules, REQ, headers).headers.filter((x) => x.name.toLowerCase() !== 'x-t');

  it('higher set wins over lower set; other headers of the lower rule still apply', () => {
    expect(
      run([
        rule(2, 5, [
          ['x-a', 'set', 'lo'],
          ['x-b', 'set', 'lo'],
        ]),
        rule(1, 10, [['x-a', 'set', 'hi']]),
      ]),
    ).toEqual([h('x-a', 'hi'), h('x-b', 'lo')]);
  });

  it('after set, a lower append still appends; after append, a lower set is dropped', () => {
    expect(
      run([rule(1, 10, [['x-a', 'set', 'hi']]), rule(2, 5, [['x-a', 'append', 'lo']])]),
    ).toEqual([h('x-a', 'hi'), h('x-a', 'lo')]);
    expect(
      run([rule(1, 10, [['x-a', 'append', 'hi']]), rule(2, 5, [['x-a', 'set', 'lo']])]),
    ).toEqual([h('x-a', 'srv'), h('x-a', 'hi')]);
  });

  it('set collapses duplicate lines', () => {
    expect(run([rule(1, 1, [['x-a', 'set', 'one']])], [h('X-A', 'a'), h('x-a', 'b')])).toEqual([
      h('x-a', 'one'),
    ]);
  });

  it('an allow above stops lower modifyHeaders, header-conditioned or not', () => {
    const allow: DnrRule = { id: 9, priority: 100, condition: {}, action: { type: 'allow' } };
    const cond = rule(2, 5, [['x-a', 'set', 'cond']], { responseHeaders: [{ header: 'x-a' }] });
    const plain = rule(3, 5, [['x-b', 'set', 'plain']]);
    const result = evaluateResponse([allow, cond, plain], REQ, [h('x-a', 'srv')]);
    expect(result.headers).toEqual([h('x-a', 'srv')]);
    expect(result.allowedBy?.id).toBe(9);
    const above = rule(4, 101, [['x-c', 'set', '1']]);
    expect(evaluateResponse([allow, above], REQ, []).headers).toEqual([h('x-c', '1')]);
  });
});
