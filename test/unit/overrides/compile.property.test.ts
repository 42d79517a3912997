import { fc, test } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import { compileRules } from '../../../src/overrides/compile.ts';
import { canonicalRule, diffRules } from '../../../src/overrides/diff.ts';
import type { DnrRule } from '../../../src/overrides/dnr-types.ts';
import { isCorsLensRuleId } from '../../../src/overrides/ids.ts';
import { learnFromPreflight } from '../../../src/overrides/learn.ts';
import { simulate } from '../../../src/overrides/simulate.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { validateOverride } from '../../../src/overrides/validate.ts';
import { ORIGINS, overrideArb, responseArb, tabsArb } from './arbitraries.ts';
import { NOW, override } from './fixtures.ts';

const overridesArb = fc.uniqueArray(overrideArb, { maxLength: 5, selector: (o) => o.id });

function acaoOps(rule: DnrRule) {
  if (rule.action.type !== 'modifyHeaders') return [];
  return (rule.action.responseHeaders ?? []).filter(
    (op) => op.header.toLowerCase() === 'access-control-allow-origin',
  );
}

function ownerOf(
  rule: DnrRule,
  overrides: Override[],
  byOverride: Record<string, number[]>,
): Override {
  const id = Object.entries(byOverride).find(([, ids]) => ids.includes(rule.id))?.[0];
  const o = overrides.find((x) => x.id === id);
  if (!o) throw new Error(`rule ${rule.id} has no owner`);
  return o;
}

describe('compileRules properties', () => {
  test.prop([fc.anything(), fc.anything(), fc.anything(), fc.anything()])(
    'never throws on anything',
    (a, b, c, d) => {
      const result = compileRules(a as never, b as never, c as never, d as never);
      expect(Array.isArray(result.rules)).toBe(true);
    },
  );

  test.prop([fc.array(fc.oneof(overrideArb, fc.anything()), { maxLength: 4 }), tabsArb])(
    'never throws on mixed valid and junk overrides',
    (overrides, tabs) => {
      expect(() => compileRules(overrides as Override[], tabs, NOW)).not.toThrow();
    },
  );

  test.prop([overridesArb, tabsArb, fc.boolean()])(
    'ids unique and in range; ACAO is never *; it is the site, or null on learned redirect targets; ACAC is true',
    (overrides, tabs, rhc) => {
      const { rules, stats } = compileRules(overrides, tabs, NOW, {
        supportsResponseHeaderConditions: rhc,
      });
      const ids = rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every(isCorsLensRuleId)).toBe(true);
      expect(rules.length).toBeLessThanOrEqual(5000);
      for (const rule of rules) {
        const owner = ownerOf(rule, overrides, stats.byOverride);
        expect(rule.condition.tabIds?.length).toBeGreaterThan(0);
        for (const op of acaoOps(rule)) {
          expect(op.operation).toBe('set');
          expect(op.value).not.toBe('*');
          if (op.value === 'null') {
            const target = rule.condition.urlFilter?.slice(1, -1);
            expect(owner.learned.redirectOrigins ?? []).toContain(target);
          } else expect(op.value).toBe(owner.site);
        }
        if (rule.action.type === 'modifyHeaders') {
          for (const op of rule.action.responseHeaders ?? []) {
            if (op.header === 'Access-Control-Allow-Credentials') {
              expect(owner.credentials).toBe(true);
              expect(op).toEqual({
                header: 'Access-Control-Allow-Credentials',
                operation: 'set',
                value: 'true',
              });
            }
            // `*` only ends the preflight lists (it allows any method or header to uncredentialed
            // requests only; Chromium reads it as a literal name for credentialed ones).
            const list = /^Access-Control-Allow-(Methods|Headers)$/.test(op.header);
            const items = op.value?.split(', ') ?? [];
            if (list) expect(items.indexOf('*')).toBe(items.length - 1);
            else expect(op.value === '*' || items.includes('*')).toBe(false);
          }
        }
      }
    },
  );

  test.prop([overridesArb, tabsArb])(
    'deterministic, whatever the order of overrides and tabs',
    (overrides, tabs) => {
      const a = compileRules(overrides, tabs, NOW).rules;
      const b = compileRules([...overrides].reverse(), [...tabs].reverse(), NOW).rules;
      expect(b.map(canonicalRule)).toEqual(a.map(canonicalRule));
    },
  );

  test.prop([overridesArb, tabsArb, overridesArb, tabsArb])(
    'diff then apply reaches the desired rules; equal input gives null',
    (o1, t1, o2, t2) => {
      const current = compileRules(o1, t1, NOW).rules;
      const desired = compileRules(o2, t2, NOW).rules;
      const update = diffRules(current, desired);
      const removed = new Set(update?.removeRuleIds ?? []);
      const after = [
        ...current.filter((r) => !removed.has(r.id)),
        ...(update?.addRules ?? []),
      ].sort((x, y) => x.id - y.id);
      expect(after.map(canonicalRule)).toEqual(desired.map(canonicalRule));
      expect(diffRules(desired, desired)).toBeNull();
      // addRules never reuses an id that stays (updateSessionRules would reject it).
      const kept = new Set(current.map((r) => r.id).filter((id) => !removed.has(id)));
      expect((update?.addRules ?? []).some((r) => kept.has(r.id))).toBe(false);
    },
  );
});

describe('simulate properties (the compiled rules through the evaluator)', () => {
  const site = 'http://localhost:5173';
  const api = 'http://localhost:3000/x';
  const tab = { tabId: 1, origin: site };
  const values = (headers: { name: string; value: string }[], name: string) =>
    headers.filter((x) => x.name.toLowerCase() === name).map((x) => x.value);
  const split = (vs: string[]) => vs.flatMap((v) => v.split(',').map((s) => s.trim()));

  test.prop([fc.boolean(), responseArb(site), fc.constantFrom('GET', 'OPTIONS', 'PUT')])(
    'after the rules, ACAO is exactly the site unless a bare * or null was kept (nothing failed yet); ACAC true with credentials',
    (credentials, headers, method) => {
      const o = override({ id: 'p', site, credentials });
      const out = simulate(
        [o],
        tab,
        { url: api, method, type: 'fetch' },
        { status: 200, headers },
        NOW,
      );
      const before = split(values(headers, 'access-control-allow-origin')).map((v) =>
        v.toLowerCase(),
      );
      const after = values(out.headers, 'access-control-allow-origin');
      const hasSite = before.includes(site);
      const echoes = split(values(headers, 'vary')).some((v) => /^(origin|\*)$/i.test(v));
      // Another origin's answer (another frame in the tab): a subdomain's origin always, another
      // origin when the server varies it by Origin. Without Vary it is a wrong hard-coded value.
      const subdomain = before.some((v) => /^https?:\/\/.*\.localhost(:.*)?$/.test(v));
      const foreign =
        before.some((v) => /^https?:\/\//.test(v)) &&
        !before.some((v) => v === site || v.startsWith(`${site}/`));
      const shielded = !hasSite && (subdomain || (foreign && echoes));
      // A bare `null` or `*` is kept until the API origin failed a request (nothing learned here).
      const kept =
        shielded || (!hasSite && !foreign && (before.includes('null') || before.includes('*')));
      if (kept) expect(after).toEqual(values(headers, 'access-control-allow-origin'));
      else expect(after).toEqual([site]);
      if (shielded)
        expect(values(out.headers, 'access-control-allow-credentials')).toEqual(
          values(headers, 'access-control-allow-credentials'),
        );
      else if (credentials)
        expect(values(out.headers, 'access-control-allow-credentials')).toEqual(['true']);
      else
        expect(values(out.headers, 'access-control-allow-credentials')).toEqual(
          values(headers, 'access-control-allow-credentials'),
        );
      if (method === 'OPTIONS' && !shielded)
        expect(values(out.headers, 'access-control-max-age')).toEqual(['5']);
    },
  );

  test.prop([overridesArb, fc.constantFrom(...ORIGINS), fc.anything(), fc.anything()])(
    'never throws, and a request from another tab is never changed',
    (overrides, origin, request, response) => {
      expect(() =>
        simulate(overrides, { tabId: 1, origin }, request as never, response as never, NOW),
      ).not.toThrow();
      const other = simulate(
        overrides,
        { tabId: 99, origin },
        { url: api, method: 'GET', type: 'fetch' },
        { status: 200, headers: [] },
        NOW,
        { openTabIds: [1, 2, 3, 4, 5, 6] },
      );
      // Tab 99 is named by no tab-scoped override, so only site-scoped ones can match; the header
      // values written are then the tab's own origin, never someone else's.
      for (const x of other.added) {
        if (x.name === 'Access-Control-Allow-Origin') expect([origin, 'null']).toContain(x.value);
      }
    },
  );
});

describe('validation and learning properties', () => {
  test.prop([fc.anything()])('validateOverride never throws', (raw) => {
    expect(() => validateOverride(raw)).not.toThrow();
  });

  test.prop([overrideArb])('generated overrides validate and round-trip', (o) => {
    const { value, errors } = validateOverride(JSON.parse(JSON.stringify(o)));
    expect(errors).toEqual([]);
    expect(validateOverride(value).value).toEqual(value);
  });

  test.prop([
    overrideArb,
    fc.array(
      fc.record({
        name: fc.constantFrom(
          'Access-Control-Request-Method',
          'access-control-request-headers',
          'Origin',
        ),
        value: fc.string(),
      }),
      { maxLength: 6 },
    ),
  ])('learning keeps the override valid', (o, headers) => {
    const { override } = learnFromPreflight(o, headers);
    expect(validateOverride(override).errors).toEqual([]);
  });
});
