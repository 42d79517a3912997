/**
 * What the toolbar badge says on a relaxed tab: "ON" until the tab closes, else the time left
 * ("14m", "8h"). Four characters at most: Chrome truncates longer badge text.
 */
import type { Override } from '../../src/overrides/index.ts';

export const BADGE_COLOR = '#b45309';

export function badgeText(override: Override, now: number): string {
  if (override.end.kind !== 'at') return 'ON';
  const minutes = Math.max(1, Math.ceil((override.end.at - now) / 60_000));
  return minutes < 100 ? `${minutes}m` : `${Math.round(minutes / 60)}h`;
}

export function badgeTitle(override: Override, now: number): string {
  const base = `CORS Lens: CORS relaxed for ${override.site} in this tab`;
  if (override.end.kind !== 'at') return `${base} until it closes`;
  const minutes = Math.max(1, Math.ceil((override.end.at - now) / 60_000));
  return `${base} (${minutes} min left)`;
}
