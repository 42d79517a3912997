/**
 * Desired state → the one `updateSessionRules` call that gets there (uBO's "skip no-op updates").
 * Only ids in CORS Lens's range are ever removed, so after a worker was killed mid-update the next
 * reconcile removes exactly our leftovers and nothing another feature added.
 */
import type { DnrRule } from './dnr-types.ts';
import { isCorsLensRuleId } from './ids.ts';

export interface RuleUpdate {
  addRules: DnrRule[];
  removeRuleIds: number[];
}

/**
 * A canonical text for a rule: keys sorted, undefined dropped, the defaults Chrome fills in
 * (`priority: 1`, `isUrlFilterCaseSensitive: false`) made explicit, so a rule read back from
 * `getSessionRules` equals the one we compiled.
 */
export function canonicalRule(rule: DnrRule): string {
  const withDefaults = {
    ...rule,
    priority: rule.priority ?? 1,
    condition: { isUrlFilterCaseSensitive: false, ...rule.condition },
  };
  return stableStringify(withDefaults);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The update from `current` (e.g. getSessionRules()) to `desired`; null when nothing changes. */
export function diffRules(
  current: readonly DnrRule[],
  desired: readonly DnrRule[],
): RuleUpdate | null {
  const have = new Map<number, string>();
  for (const rule of current) {
    if (rule && isCorsLensRuleId(rule.id)) have.set(rule.id, canonicalRule(rule));
  }
  const want = new Map<number, DnrRule>();
  for (const rule of desired) {
    if (rule && isCorsLensRuleId(rule.id) && !want.has(rule.id)) want.set(rule.id, rule);
  }
  const removeRuleIds: number[] = [];
  const addRules: DnrRule[] = [];
  for (const [id, text] of have) {
    const next = want.get(id);
    if (!next || canonicalRule(next) !== text) removeRuleIds.push(id);
  }
  for (const [id, rule] of want) {
    const text = have.get(id);
    if (text === undefined || text !== canonicalRule(rule)) addRules.push(rule);
  }
  if (addRules.length === 0 && removeRuleIds.length === 0) return null;
  removeRuleIds.sort((a, b) => a - b);
  addRules.sort((a, b) => a.id - b.id);
  return { addRules, removeRuleIds };
}
