/**
 * When overrides end. Pure: the background feeds `now` and the open tabs, and schedules one alarm at
 * `nextExpiry`.
 */
import type { Override } from './types.ts';

/** Epoch ms at which the override ends, or undefined when it ends with a tab instead. */
export function endsAt(override: Override): number | undefined {
  return override.end.kind === 'at' ? override.end.at : undefined;
}

/** True once the override is over: its time has come or its tab is gone. */
export function isExpired(
  override: Override,
  now: number,
  openTabIds: ReadonlySet<number> | readonly number[],
): boolean {
  const open = openTabIds instanceof Set ? openTabIds : new Set(openTabIds);
  if (override.end.kind === 'at') return override.end.at <= now;
  return !open.has(override.end.tabId);
}

/**
 * Overrides that should have rules now: not paused, not expired, and (scope tab) whose tab is open.
 */
export function activeOverrides(
  overrides: readonly Override[],
  now: number,
  openTabIds: ReadonlySet<number> | readonly number[],
): Override[] {
  const open = openTabIds instanceof Set ? openTabIds : new Set(openTabIds);
  return overrides.filter(
    (o) =>
      !o.paused && !isExpired(o, now, open) && (o.scope.kind === 'site' || open.has(o.scope.tabId)),
  );
}

/**
 * The earliest time-based end among the overrides (paused ones included: they still end on time),
 * for `alarms.create({ when })`; undefined when none ends at a time.
 */
export function nextExpiry(overrides: readonly Override[]): number | undefined {
  let next: number | undefined;
  for (const o of overrides) {
    const at = endsAt(o);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}
