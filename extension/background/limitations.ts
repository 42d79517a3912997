/**
 * What an override's rules cannot do in this browser: the rule compiler's warnings (CompileStats
 * `warnings`, e.g. Firefox has no response-header conditions, so a working `*` or `null` answer is
 * overwritten). They are computed for each override alone, as if a tab showed its site and it were
 * on, so the options page can say so before any tab does and a paused override still tells.
 */
import { compileRules, type Override } from '../../src/overrides/index.ts';

/** Any tab id: the probe compile only needs one tab showing the site. */
const PROBE_TAB = 1;

export function limitationsOf(
  override: Override,
  now: number,
  supportsResponseHeaderConditions: boolean,
): string[] {
  const probe: Override = {
    ...override,
    paused: false,
    scope: { kind: 'tab', tabId: PROBE_TAB },
    end: { kind: 'at', at: now + 60_000 },
  };
  const { stats } = compileRules([probe], [{ tabId: PROBE_TAB, origin: override.site }], now, {
    supportsResponseHeaderConditions,
    openTabIds: [PROBE_TAB],
  });
  return stats.warnings;
}

/** By override id; overrides without limitations are left out. */
export function limitationsById(
  overrides: readonly Override[],
  now: number,
  supportsResponseHeaderConditions: boolean,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const o of overrides) {
    const found = limitationsOf(o, now, supportsResponseHeaderConditions);
    if (found.length > 0) out[o.id] = found;
  }
  return out;
}
