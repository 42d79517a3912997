/** getTabState: what the popup shows for one tab, from the last reconcile and the tab itself. */
import type { TabState } from '../../src/protocol/messages.ts';
import { hostPatternsFor, missingPatterns } from '../../src/overrides/host-patterns.ts';
import { addedHeaders } from './added-headers.ts';
import { limitationsOf } from './limitations.ts';
import type { BackgroundPorts } from './ports.ts';
import type { PreflightAnswerer } from './preflight-answerer.ts';
import { ProtocolFailure } from './protocol-failure.ts';
import type { Snapshot } from './reconciler.ts';
import { relaxedCount } from './relaxed-count.ts';
import type { SessionState } from './session-state.ts';
import { httpOrigin } from './tab-origins.ts';
import { serviceWorkerState } from './worker-state.ts';

export interface TabStateParts {
  ports: Pick<
    BackgroundPorts,
    'tabs' | 'dnr' | 'permissions' | 'clock' | 'supportsResponseHeaderConditions'
  >;
  session: SessionState;
  answerer: PreflightAnswerer;
}

export async function buildTabState(
  parts: TabStateParts,
  snapshot: Snapshot,
  tabId: number,
): Promise<TabState> {
  const { ports, session, answerer } = parts;
  const tab = await ports.tabs.get(tabId);
  if (!tab) throw new ProtocolFailure(`There is no tab ${tabId} (closed?).`);
  const state: TabState = { tabId, relaxedCount: 0 };
  if (snapshot.settingsUnreadable) state.settingsUnreadable = snapshot.settingsUnreadable;
  const origin = httpOrigin(tab.url);
  if (origin === undefined) {
    state.notCandidate =
      tab.url === undefined || tab.url === ''
        ? "CORS Lens cannot see this tab's address. Open the popup from the tab itself."
        : 'CORS Lens relaxes http and https pages only.';
    return state;
  }
  state.origin = origin;
  const override = snapshot.overrides.find((o) => o.site === origin);
  if (!override) return state;
  state.override = override;
  const now = ports.clock.now();
  if (override.end.kind === 'at') state.remainingMs = Math.max(0, override.end.at - now);
  const relaxed = snapshot.relaxed.some((r) => r.tabId === tabId && r.override.id === override.id);
  state.relaxed = relaxed;
  const missing = missingPatterns(
    hostPatternsFor(override),
    await ports.permissions.grantedOrigins(),
  );
  if (missing.length > 0) state.missingHostPermissions = missing;
  if (relaxed) {
    state.addedHeaders = addedHeaders(snapshot.compiled.rules, tabId);
    const ruleIds = new Set(snapshot.compiled.stats.byOverride[override.id] ?? []);
    const counted = await relaxedCount(ports.dnr, session, tabId, override, ruleIds, now);
    state.relaxedCount = counted.count;
    state.relaxedCountFresh = counted.fresh;
    state.answeringPreflights = answerer.isAnswering(tabId);
    state.serviceWorkers = serviceWorkerState(
      snapshot,
      override,
      ports.supportsResponseHeaderConditions,
    );
    const window = (await session.learningWindows())[String(tabId)];
    if (window && window.overrideId === override.id) state.learningUntil = window.until;
  }
  const limitations = [
    ...limitationsOf(override, now, ports.supportsResponseHeaderConditions),
    // This tab's frames of the site's host (frame-rules.ts): what shielding them costs here.
    ...(relaxed ? (snapshot.compiled.stats.frameNotes[tabId] ?? []) : []),
  ];
  if (limitations.length > 0) state.limitations = limitations;
  const problems = snapshot.problems[override.id];
  if (problems && problems.length > 0) state.problems = problems;
  return state;
}
