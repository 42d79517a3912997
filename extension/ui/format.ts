/** Human wording for times, shared by the popup and the options page. */
import type { Override } from '../../src/overrides/index.ts';

/** 14:05 under an hour, else "2 h 05 min". */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function formatDuration(choice: number | 'tab-close'): string {
  if (choice === 'tab-close') return 'Until tab closes';
  if (choice < 60) return `${choice} min`;
  return `${choice / 60} h`;
}

/** "ends in 14:05", "until tab 12 closes", "ended". */
export function describeEnd(override: Override, now: number): string {
  if (override.end.kind === 'tab-close') return `until tab ${override.end.tabId} closes`;
  const left = override.end.at - now;
  return left > 0 ? `ends in ${formatRemaining(left)}` : 'ended';
}

export function describeScope(override: Override): string {
  return override.scope.kind === 'site'
    ? 'every tab of the site'
    : `tab ${override.scope.tabId} only`;
}
