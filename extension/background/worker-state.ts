/**
 * TabState.serviceWorkers: whether the last reconcile installed rules for the override's service
 * workers (tabId -1, see src/overrides/worker-rules.ts), and if not, why, in the user's terms.
 */
import type { Override } from '../../src/overrides/index.ts';
import { originHost } from '../../src/overrides/origin.ts';
import { NO_TAB_ID } from '../../src/overrides/worker-rules.ts';
import type { TabState } from '../../src/protocol/messages.ts';
import type { Snapshot } from './reconciler.ts';

export function serviceWorkerState(
  snapshot: Pick<Snapshot, 'compiled'>,
  override: Override,
  supportsResponseHeaderConditions: boolean,
): NonNullable<TabState['serviceWorkers']> {
  const ids = new Set(snapshot.compiled.stats.byOverride[override.id] ?? []);
  const installed = snapshot.compiled.rules.some(
    (r) => ids.has(r.id) && r.condition.tabIds?.includes(NO_TAB_ID),
  );
  if (installed) return { relaxed: true };
  if (override.scope.kind === 'tab') {
    return {
      relaxed: false,
      why:
        'A one-tab override leaves the site’s service workers alone: they serve every tab of ' +
        'the site. Relax every tab of the site to include them.',
    };
  }
  if (!supportsResponseHeaderConditions) {
    return {
      relaxed: false,
      why:
        'This browser cannot condition rules on response headers, which is what keeps rules for ' +
        'requests without a tab to this one origin; so they are not relaxed.',
    };
  }
  return {
    relaxed: false,
    why:
      `Another relaxed site shares the host ${originHost(override.site)}, and rules for requests ` +
      'without a tab cannot tell ports apart, so neither site’s service workers are relaxed.',
  };
}
