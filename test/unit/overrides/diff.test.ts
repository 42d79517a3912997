import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/overrides/compile.ts';
import { diffRules } from '../../../src/overrides/diff.ts';
import type { DnrRule } from '../../../src/overrides/dnr-types.ts';
import { decodeRuleId, FAMILY } from '../../../src/overrides/ids.ts';
import { NOW, override, SITE } from './fixtures.ts';

const tabs = [{ tabId: 1, origin: SITE }];

/** What Chrome hands back from getSessionRules: same rule, keys reordered, defaults filled in. */
function asReadBack(rule: DnrRule): DnrRule {
  const { condition, action, id, priority } = rule;
  return JSON.parse(
    JSON.stringify({
      action,
      condition: { isUrlFilterCaseSensitive: false, ...condition },
      priority,
      id,
    }),
  ) as DnrRule;
}

describe('diffRules', () => {
  const rules = compileRules([override()], tabs, NOW).rules;

  it('null when equal, also against rules read back from the browser', () => {
    expect(diffRules(rules, rules)).toBeNull();
    expect(diffRules(rules.map(asReadBack), rules)).toBeNull();
    const noPriority = { ...rules[0]!, priority: undefined };
    expect(diffRules([{ ...noPriority, priority: 1 }], [noPriority])).toBeNull();
  });

  it('adds everything from empty, removes everything to empty', () => {
    expect(diffRules([], rules)).toEqual({ addRules: rules, removeRuleIds: [] });
    expect(diffRules(rules, [])).toEqual({ addRules: [], removeRuleIds: rules.map((r) => r.id) });
  });

  it('replaces only the rules that changed (learning touches the preflight list rules only)', () => {
    const learned = override({ learned: { methods: ['PROPFIND'], requestHeaders: [] } });
    const next = compileRules([learned], tabs, NOW).rules;
    const update = diffRules(rules, next);
    // The appended lists (also in the wrong-origin fix for preflights), and the Allow-Methods
    // list that replaces one Chromium cannot parse.
    const families = update?.addRules.map((r) => decodeRuleId(r.id)?.family).sort();
    expect(families).toEqual(
      [FAMILY.preflight, FAMILY.methodsListFix, FAMILY.foreignFixPreflight].sort(),
    );
    expect(update?.removeRuleIds).toEqual(update?.addRules.map((r) => r.id));
  });

  it('a new tab of the site changes tabIds of every rule', () => {
    const next = compileRules([override()], [...tabs, { tabId: 2, origin: SITE }], NOW).rules;
    expect(diffRules(rules, next)?.addRules).toHaveLength(rules.length);
  });

  it('never touches ids outside its range (other features, other extensions’ habits)', () => {
    const foreign: DnrRule = { id: 5, condition: {}, action: { type: 'allow' } };
    expect(diffRules([foreign, ...rules], rules)).toBeNull();
    expect(diffRules([foreign], [])).toBeNull();
    expect(diffRules([], [foreign])).toBeNull();
  });

  it('recovers from a half-applied update (worker killed mid-way)', () => {
    const half = [...rules.slice(0, 2), { ...rules[3]!, priority: 999 }];
    const update = diffRules(half, rules);
    expect(update?.removeRuleIds).toEqual([rules[3]!.id]);
    expect(update?.addRules.map((r) => r.id)).toEqual(rules.slice(2).map((r) => r.id));
  });
});
