/**
 * How many requests an override relaxed in a tab, from declarativeNetRequest.getMatchedRules: what
 * the browser really did, at no cost per request. Chrome answers only with `activeTab` for the tab
 * (granted when the user opens the popup there, so the popup's count is live) or with
 * `declarativeNetRequestFeedback` (whose install warning reads "Read your browsing history", so the
 * store build does without it). Calls outside a user gesture are limited to 20 per 10 minutes: we
 * keep under that and fall back to the last count we read.
 */
import type { DnrPort } from './ports.ts';
import type { RelaxedCount, SessionState } from './session-state.ts';

const QUOTA = 18; // Chrome's MAX_GETMATCHEDRULES_CALLS_PER_INTERVAL is 20; keep a margin.
const QUOTA_WINDOW_MS = 10 * 60_000;
const REUSE_MS = 2_000;

/**
 * Several rules of one override can match one request (origin, credentials, preflight lists). Chrome
 * reports each match with its own sub-millisecond time, recorded back to back (measured: ~0.02 ms
 * apart for one request, milliseconds between requests), so matches closer than CLUSTER_MS count as
 * one request. Best effort: two requests answered within the same 1 ms count once.
 */
const CLUSTER_MS = 1;

export function countRequests(
  matches: readonly { ruleId: number; timeStamp: number }[],
  ruleIds: ReadonlySet<number>,
): number {
  const times = matches
    .filter((m) => ruleIds.has(m.ruleId))
    .map((m) => m.timeStamp)
    .sort((a, b) => a - b);
  let count = 0;
  let last = -Infinity;
  for (const t of times) {
    if (t - last >= CLUSTER_MS) count++;
    last = t;
  }
  return count;
}

/** Counts belong to one override in one tab: a new override starts from zero. */
export function countKey(tabId: number, overrideId: string): string {
  return `${tabId}:${overrideId}`;
}

export async function relaxedCount(
  dnr: DnrPort,
  session: SessionState,
  tabId: number,
  override: { id: string; createdAt: number },
  ruleIds: ReadonlySet<number>,
  now: number,
): Promise<{ count: number; fresh: boolean }> {
  // No getMatchedRules (Firefox): nothing to ask, and no quota to spend on asking.
  if (!dnr.getMatchedRules) return { count: 0, fresh: false };
  const key = countKey(tabId, override.id);
  const known: RelaxedCount | undefined = (await session.counts())[key];
  if (known && now - known.at < REUSE_MS) return { count: known.count, fresh: true };
  const calls = (await session.matchedCalls()).filter((t) => now - t < QUOTA_WINDOW_MS);
  if (calls.length >= QUOTA) return { count: known?.count ?? 0, fresh: false };
  await session.setMatchedCalls([...calls, now]);
  try {
    const matches = await dnr.getMatchedRules({ tabId, minTimeStamp: override.createdAt });
    const count = countRequests(matches, ruleIds);
    // Rules are reported per document: after a reload the count restarts, so never go backwards.
    const merged = Math.max(count, known?.count ?? 0);
    await session.setCount(key, { count: merged, at: now });
    return { count: merged, fresh: true };
  } catch {
    return { count: known?.count ?? 0, fresh: false };
  }
}
