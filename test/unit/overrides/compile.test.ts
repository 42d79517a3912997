import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/overrides/compile.ts';
import type { DnrRule } from '../../../src/overrides/dnr-types.ts';
import { FAMILY, isCorsLensRuleId, PRIORITY, decodeRuleId } from '../../../src/overrides/ids.ts';
import { API, NOW, override, SITE } from './fixtures.ts';

const TABS = [
  { tabId: 7, origin: SITE },
  { tabId: 8, origin: 'http://localhost:3000' },
  { tabId: 9, origin: `${SITE}` },
];

function family(rules: DnrRule[], f: number): DnrRule[] {
  return rules.filter((r) => decodeRuleId(r.id)?.family === f);
}

function responseOps(rule: DnrRule | undefined) {
  return rule?.action.type === 'modifyHeaders' ? rule.action.responseHeaders : undefined;
}

describe('compileRules: scope', () => {
  it('scopes every rule to the tabs showing the site, by tab and initiator host', () => {
    const { rules, errors, stats } = compileRules([override()], TABS, NOW);
    expect(errors).toEqual([]);
    expect(stats).toMatchObject({ overrides: 1, valid: 1, active: 1, compiled: 1, rules: 11 });
    for (const rule of rules) {
      expect(isCorsLensRuleId(rule.id)).toBe(true);
      expect(rule.condition.tabIds).toEqual([7, 9]);
      expect(rule.condition.resourceTypes).toEqual(['xmlhttprequest']);
    }
    for (const rule of rules.filter((r) => r.action.type === 'modifyHeaders')) {
      expect(rule.condition.initiatorDomains).toEqual(['localhost']);
    }
  });

  it('spells an IPv6 initiator with brackets (the form Chromium 156 matches; `::1` never does)', () => {
    const o = override({ site: 'http://[::1]:5173' });
    const { rules } = compileRules([o], [{ tabId: 3, origin: 'http://[::1]:5173' }], NOW);
    expect(family(rules, FAMILY.originFix)[0]?.condition.initiatorDomains).toEqual(['[::1]']);
  });

  it("exempts the site's own origin with an allow rule above the others", () => {
    const { rules } = compileRules([override()], TABS, NOW);
    const [allow] = family(rules, FAMILY.sameOrigin);
    expect(allow?.action).toEqual({ type: 'allow' });
    expect(allow?.condition.urlFilter).toBe(`|${SITE}/`);
    const others = rules.filter((r) => r !== allow).map((r) => r.priority ?? 1);
    expect(Math.max(...others)).toBeLessThan(allow?.priority ?? 0);
  });

  it('a tab-scoped override covers its one tab, and only while it shows the site', () => {
    const scoped = override({ scope: { kind: 'tab', tabId: 9 } });
    expect(
      compileRules([scoped], TABS, NOW).rules.every((r) => r.condition.tabIds?.join() === '9'),
    ).toBe(true);
    const moved = compileRules([scoped], [{ tabId: 9, origin: 'http://other.test' }], NOW);
    expect(moved.rules).toEqual([]);
  });

  it('an explicit API list gets one exact, port-anchored urlFilter per origin, no regex', () => {
    const o = override({ apiOrigins: [API, 'https://api.example.com'] });
    const { rules, stats } = compileRules([o], TABS, NOW);
    expect(family(rules, FAMILY.sameOrigin)).toEqual([]);
    const filters = [...new Set(rules.map((r) => r.condition.urlFilter))].sort();
    expect(filters).toEqual([`|${API}/`, '|https://api.example.com/']);
    expect(stats.regexRules).toBe(0);
  });

  it('a *.domain API origin gets requestDomains and an anchored regex', () => {
    const o = override({ apiOrigins: ['https://*.example.com:8443'] });
    const { rules, stats } = compileRules([o], TABS, NOW);
    const rule = family(rules, FAMILY.originFix)[0];
    expect(rule?.condition.requestDomains).toEqual(['example.com']);
    const re = new RegExp(rule?.condition.regexFilter ?? '$^');
    expect(re.test('https://api.example.com:8443/v1')).toBe(true);
    expect(re.test('https://example.com:8443/v1')).toBe(false);
    expect(re.test('https://api.example.com/v1')).toBe(false);
    expect(re.test('https://api.example.com.evil.test:8443/')).toBe(false);
    expect(stats.regexRules).toBe(rules.length);
  });

  it('expired, paused and tab-less overrides compile to nothing', () => {
    const none = [
      override({ id: 'a', end: { kind: 'at', at: NOW } }),
      override({ id: 'b', site: 'http://b.test', paused: true }),
      override({ id: 'c', site: 'http://c.test', end: { kind: 'tab-close', tabId: 99 } }),
      override({ id: 'd', site: 'http://d.test' }),
    ];
    const tabs = [
      ...TABS,
      { tabId: 20, origin: 'http://b.test' },
      { tabId: 21, origin: 'http://c.test' },
    ];
    const { rules, stats } = compileRules(none, tabs, NOW);
    expect(rules).toEqual([]);
    expect(stats).toMatchObject({ overrides: 4, valid: 4, active: 1, compiled: 0 });
  });
});

describe('compileRules: headers', () => {
  it('echoes the exact site origin, never *, and sets credentials true', () => {
    const { rules } = compileRules([override()], TABS, NOW);
    const fix = responseOps(family(rules, FAMILY.originFix)[0]);
    expect(fix).toEqual([
      { header: 'Access-Control-Allow-Origin', operation: 'set', value: SITE },
      { header: 'Vary', operation: 'append', value: 'Origin' },
    ]);
    expect(responseOps(family(rules, FAMILY.credentials)[0])).toEqual([
      { header: 'Access-Control-Allow-Credentials', operation: 'set', value: 'true' },
    ]);
  });

  it('touches ACAO only where it is missing or wrong; keeps a bare null and * until a failure', () => {
    for (const credentials of [true, false]) {
      const rules = compileRules([override({ credentials })], TABS, NOW).rules;
      expect(family(rules, FAMILY.originFix)[0]?.condition.excludedResponseHeaders).toEqual([
        { header: 'access-control-allow-origin', values: ['null', '\\*', SITE] },
      ]);
      expect(family(rules, FAMILY.nullFix)).toEqual([]);
    }
    expect(
      family(compileRules([override({ credentials: false })], TABS, NOW).rules, FAMILY.credentials),
    ).toEqual([]);
  });

  it('an API origin that failed a request gets its bare * (credentials on) and null replaced', () => {
    const api = 'http://127.0.0.1:3000';
    const learned = { methods: [], requestHeaders: [], failedOrigins: [api] };
    const rules = compileRules([override({ learned })], TABS, NOW).rules;
    const there = rules.filter((r) => r.condition.urlFilter === `|${api}/`);
    expect(there.map((r) => r.condition.responseHeaders?.[0]?.values)).toEqual([['\\*'], ['null']]);
    for (const r of there) {
      expect(responseOps(r)).toContainEqual({
        header: 'Access-Control-Allow-Origin',
        operation: 'set',
        value: SITE,
      });
    }
    // The null rule leaves an echo's answer (Vary: Origin) alone.
    expect(there[1]?.condition.excludedResponseHeaders).toEqual([
      { header: 'vary', values: ['origin', '\\*'] },
    ]);
    const noCreds = compileRules([override({ credentials: false, learned })], TABS, NOW).rules;
    expect(noCreds.filter((r) => r.condition.urlFilter === `|${api}/`)).toHaveLength(1);
  });

  it('in tabs the preflight answerer is attached to, a bare * and null are replaced at once', () => {
    const rules = compileRules([override()], TABS, NOW, { answeredTabs: [9, 42] }).rules;
    const answered = rules.filter((r) =>
      r.condition.responseHeaders?.[0]?.values?.includes('null'),
    );
    expect(answered).toHaveLength(1);
    // Only the answered tab among the site's, and never an echo's answer (Vary: Origin).
    expect(answered[0]?.condition.tabIds).toEqual([9]);
    expect(answered[0]?.condition.responseHeaders?.[0]?.values).toEqual(['null', '\\*']);
    expect(answered[0]?.condition.excludedResponseHeaders?.[0]).toEqual({
      header: 'vary',
      values: ['origin', '\\*'],
    });
    const noCreds = compileRules([override({ credentials: false })], TABS, NOW, {
      answeredTabs: [9],
    }).rules.filter((r) => r.condition.responseHeaders?.[0]?.values?.includes('null'));
    expect(noCreds[0]?.condition.responseHeaders?.[0]?.values).toEqual(['null']);
    expect(compileRules([override()], TABS, NOW, { answeredTabs: [] }).rules).toEqual(
      compileRules([override()], TABS, NOW).rules,
    );
  });

  it('preflights get the explicit lists appended and a short Max-Age', () => {
    const o = override({
      methods: ['PROPFIND'],
      requestHeaders: ['x-custom'],
      learned: { methods: ['LOCK'], requestHeaders: ['x-trace'] },
    });
    const rule = family(compileRules([o], TABS, NOW).rules, FAMILY.preflight)[0];
    expect(rule?.condition.requestMethods).toEqual(['options']);
    const ops = responseOps(rule) ?? [];
    const methods = ops.find((op) => op.header === 'Access-Control-Allow-Methods');
    const headers = ops.find((op) => op.header === 'Access-Control-Allow-Headers');
    expect(methods?.operation).toBe('append');
    expect(methods?.value?.split(', ')).toEqual(
      expect.arrayContaining(['PUT', 'PATCH', 'patch', 'DELETE', 'PROPFIND', 'LOCK']),
    );
    expect(headers?.value?.split(', ')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'x-custom', 'x-trace']),
    );
    // Last, `*`: any method or header for an uncredentialed request (a literal with credentials).
    expect(methods?.value?.split(', ').at(-1)).toBe('*');
    expect(headers?.value?.split(', ').at(-1)).toBe('*');
    expect(ops).toContainEqual({ header: 'Access-Control-Max-Age', operation: 'set', value: '5' });
  });

  it('expose headers are appended on actual responses only', () => {
    const rule = family(
      compileRules([override({ exposeHeaders: ['x-total', 'etag'] })], TABS, NOW).rules,
      FAMILY.expose,
    )[0];
    expect(rule?.condition.excludedRequestMethods).toEqual(['options']);
    expect(responseOps(rule)).toEqual([
      { header: 'Access-Control-Expose-Headers', operation: 'append', value: 'x-total, etag' },
    ]);
  });

  it('learned redirect targets get ACAO null (and ACAC) on their path only, above everything', () => {
    const o = override({
      learned: {
        methods: [],
        requestHeaders: [],
        redirectTargets: ['https://cdn.example/files/1'],
      },
    });
    const { rules } = compileRules([o], TABS, NOW);
    const target = rules.filter((r) => r.priority === PRIORITY.redirectTargetOrigin);
    expect(target).toHaveLength(1);
    expect(target[0]).toMatchObject({
      action: {
        type: 'modifyHeaders',
        responseHeaders: [
          { header: 'Access-Control-Allow-Origin', operation: 'set', value: 'null' },
          { header: 'Access-Control-Allow-Credentials', operation: 'set', value: 'true' },
        ],
      },
      condition: { urlFilter: '|https://cdn.example/files/1^', tabIds: [7, 9] },
    });
    expect(PRIORITY.redirectTargetOrigin).toBeGreaterThan(PRIORITY.sameOrigin);
  });

  it('learning never switches an override off: the oldest learned targets give way', () => {
    const apiOrigins = Array.from({ length: 50 }, (_, i) => `https://api${i}.example`);
    const redirectTargets = Array.from({ length: 30 }, (_, i) => `https://cdn.example/${i}`);
    const o = override({
      apiOrigins,
      learned: { methods: [], requestHeaders: [], redirectTargets },
    });
    const { rules, errors, stats } = compileRules([o], TABS, NOW);
    expect(errors).toEqual([]);
    expect(stats.compiled).toBe(1); // targets outside the list are ignored
    // Covered ones fill the rest of the override's id block, newest first.
    const covered = override({
      apiOrigins: [...apiOrigins.slice(0, 49), 'https://cdn.example'],
      learned: { methods: [], requestHeaders: [], redirectTargets },
    });
    const out = compileRules([covered], TABS, NOW);
    expect(out.errors).toEqual([]);
    expect(out.stats.compiled).toBe(1);
    expect(out.stats.warnings.join(' ')).toContain('oldest learned redirect targets');
    const filters = out.rules
      .filter((r) => r.priority === PRIORITY.redirectTargetOrigin)
      .map((r) => r.condition.urlFilter);
    expect(filters).toContain('|https://cdn.example/29^');
    expect(filters).not.toContain('|https://cdn.example/0^');
    expect(rules.length).toBeGreaterThan(0);
  });

  it('learned redirect targets outside an explicit API list stay untouched', () => {
    const learned = {
      methods: [],
      requestHeaders: [],
      redirectTargets: ['https://cdn.example/x', 'https://a.example.com/y'],
    };
    const o = override({ apiOrigins: ['https://*.example.com'], learned });
    const { rules } = compileRules([o], TABS, NOW);
    const filters = rules.map((r) => r.condition.urlFilter).filter((f) => f !== undefined);
    expect([...new Set(filters)]).toEqual(['|https://a.example.com/y^']);
  });

  it('without response-header conditions: one unconditional origin rule and a warning', () => {
    const { rules, stats } = compileRules([override()], TABS, NOW, {
      supportsResponseHeaderConditions: false,
    });
    expect(
      rules.some((r) => r.condition.responseHeaders || r.condition.excludedResponseHeaders),
    ).toBe(false);
    expect(family(rules, FAMILY.originDedupe)).toEqual([]);
    expect(stats.warnings.join(' ')).toContain('"null"');
  });
});

describe('compileRules: ids, limits, hostile input', () => {
  it('is deterministic and independent of input order', () => {
    const a = override({ id: 'a' });
    const b = override({ id: 'b', site: 'http://b.test' });
    const tabs = [...TABS, { tabId: 30, origin: 'http://b.test' }];
    const one = compileRules([a, b], tabs, NOW);
    const two = compileRules([b, a], [...tabs].reverse(), NOW);
    expect(two.rules).toEqual(one.rules);
    // Adding an override leaves the others' rules (and ids) alone.
    const c = override({ id: 'c', site: 'http://c.test' });
    const three = compileRules([a, b, c], [...tabs, { tabId: 31, origin: 'http://c.test' }], NOW);
    expect(three.rules.filter((r) => one.rules.some((x) => x.id === r.id))).toEqual(one.rules);
  });

  it('reports overrides over the rule budget instead of throwing, oldest kept', () => {
    const overrides = Array.from({ length: 5 }, (_, i) =>
      override({ id: `o${i}`, site: `http://s${i}.test`, createdAt: NOW - 100 + i }),
    );
    const tabs = overrides.map((o, i) => ({ tabId: i, origin: o.site }));
    const { rules, errors, stats } = compileRules(overrides, tabs, NOW, { maxRules: 30 });
    expect(rules.length).toBeLessThanOrEqual(30);
    expect(stats.compiled).toBe(2);
    expect(errors.map((e) => e.path)).toEqual([
      'overrides[id=o2]',
      'overrides[id=o3]',
      'overrides[id=o4]',
    ]);
    expect(errors[0]?.message).toContain("browser's limit");
  });

  it('respects the regex budget', () => {
    const o = override({ apiOrigins: ['https://*.a.test', 'https://*.b.test'] });
    const { errors, rules } = compileRules([o], TABS, NOW, { maxRegexRules: 3 });
    expect(rules).toEqual([]);
    expect(errors[0]?.message).toContain('regex');
  });

  it('reports duplicate active sites and invalid entries, compiles the rest', () => {
    const { errors, stats } = compileRules(
      [
        override(),
        override({ id: 'ov-2', createdAt: NOW }),
        { junk: true } as never,
        null as never,
      ],
      [...TABS, { tabId: -1, origin: SITE }, { nope: 1 } as never],
      NOW,
    );
    expect(stats.compiled).toBe(1);
    const paths = errors.map((e) => e.path);
    expect(paths).toContain('overrides[id=ov-2]');
    expect(paths.some((p) => p.startsWith('overrides[2]'))).toBe(true);
    expect(paths).toContain('overrides[3]');
    expect(paths).toContain('tabs[3]');
    expect(paths).toContain('tabs[4]');
  });
});
