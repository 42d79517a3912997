/**
 * Per-browser-session state in storage.session: it survives the service worker being killed and
 * is gone with the browser (or an extension reload or update), like the DNR session rules it
 * describes. Nothing here is authoritative for the overrides themselves (storage.local is); it is
 * bookkeeping that lets a freshly woken worker undo what an earlier one did.
 */
import type { OverrideDraft } from '../../src/protocol/messages.ts';
import type { KeyValueArea } from './ports.ts';

const KEY = {
  marker: 'cl.session',
  counts: 'cl.counts',
  matchedCalls: 'cl.matchedCalls',
  badged: 'cl.badged',
  debuggerTabs: 'cl.debuggerTabs',
  problems: 'cl.problems',
  windows: 'cl.learningWindows',
  pending: 'cl.pendingOverrides',
} as const;

/**
 * A learning window of one tab (learning.ts): open until `until` for that override, watching the
 * preflights of the requests that failed (`urls`: match patterns of their paths, latest last).
 */
export interface LearningWindow {
  overrideId: string;
  until: number;
  urls: string[];
}

/**
 * An override a page asked for before the browser granted the host access it needs
 * (pending-overrides.ts): created when the grant arrives, forgotten at `until`.
 */
export interface PendingOverride {
  id: string;
  /** The draft's site, normalized: one pending override per site. */
  site: string;
  draft: OverrideDraft;
  hostPatterns: string[];
  until: number;
}

export interface RelaxedCount {
  count: number;
  /** When the count was read from the browser. */
  at: number;
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n)) : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export class SessionState {
  constructor(private readonly area: KeyValueArea) {}

  /**
   * True the first time it is called in a browser session: storage.session starts empty after a
   * browser restart (and after an extension reload or update), exactly when session rules are gone
   * and tab ids from before mean nothing.
   */
  async startSession(now: number): Promise<boolean> {
    const got = await this.area.get(KEY.marker);
    if (got[KEY.marker] !== undefined) return false;
    await this.area.set({ [KEY.marker]: { startedAt: now } });
    return true;
  }

  async counts(): Promise<Record<string, RelaxedCount>> {
    const raw = record((await this.area.get(KEY.counts))[KEY.counts]);
    const out: Record<string, RelaxedCount> = {};
    for (const [tab, v] of Object.entries(raw)) {
      const c = record(v);
      if (typeof c.count === 'number' && typeof c.at === 'number') {
        out[tab] = { count: c.count, at: c.at };
      }
    }
    return out;
  }

  /** Keyed `tabId:overrideId` (relaxed-count.ts). */
  async setCount(key: string, count: RelaxedCount): Promise<void> {
    const all = await this.counts();
    all[key] = count;
    await this.area.set({ [KEY.counts]: all });
  }

  /** Drops counts of tabs that are no longer relaxed. */
  async forgetCounts(keepTabIds: ReadonlySet<number>): Promise<void> {
    const all = await this.counts();
    const kept = Object.fromEntries(
      Object.entries(all).filter(([key]) => keepTabIds.has(Number(key.split(':')[0]))),
    );
    if (Object.keys(kept).length !== Object.keys(all).length) {
      await this.area.set({ [KEY.counts]: kept });
    }
  }

  /** Times of recent getMatchedRules calls (Chrome allows 20 per 10 minutes outside a gesture). */
  async matchedCalls(): Promise<number[]> {
    return numbers((await this.area.get(KEY.matchedCalls))[KEY.matchedCalls]);
  }

  async setMatchedCalls(times: number[]): Promise<void> {
    await this.area.set({ [KEY.matchedCalls]: times });
  }

  /** Tabs whose badge we set, so a later worker can clear them. */
  async badgedTabs(): Promise<number[]> {
    return numbers((await this.area.get(KEY.badged))[KEY.badged]);
  }

  async setBadgedTabs(tabIds: number[]): Promise<void> {
    await this.area.set({ [KEY.badged]: tabIds });
  }

  /** Tabs we attached chrome.debugger to; the attachment outlives the worker. */
  async debuggerTabs(): Promise<number[]> {
    return numbers((await this.area.get(KEY.debuggerTabs))[KEY.debuggerTabs]);
  }

  async setDebuggerTabs(tabIds: number[]): Promise<void> {
    await this.area.set({ [KEY.debuggerTabs]: tabIds });
  }

  /** Learning windows by tab id. */
  async learningWindows(): Promise<Record<string, LearningWindow>> {
    const raw = record((await this.area.get(KEY.windows))[KEY.windows]);
    const out: Record<string, LearningWindow> = {};
    for (const [tab, v] of Object.entries(raw)) {
      const w = record(v);
      if (typeof w.overrideId === 'string' && typeof w.until === 'number') {
        const urls = Array.isArray(w.urls) ? w.urls.filter((u) => typeof u === 'string') : [];
        out[tab] = { overrideId: w.overrideId, until: w.until, urls };
      }
    }
    return out;
  }

  async setLearningWindows(windows: Record<string, LearningWindow>): Promise<void> {
    await this.area.set({ [KEY.windows]: windows });
  }

  /** Problems per override id (DNR refused an update, the debugger could not attach…). */
  async problems(): Promise<Record<string, string[]>> {
    const raw = record((await this.area.get(KEY.problems))[KEY.problems]);
    const out: Record<string, string[]> = {};
    for (const [id, list] of Object.entries(raw)) {
      if (Array.isArray(list)) out[id] = list.filter((p): p is string => typeof p === 'string');
    }
    return out;
  }

  async setProblems(problems: Record<string, string[]>): Promise<void> {
    await this.area.set({ [KEY.problems]: problems });
  }

  /** Pending overrides, oldest first; entries that are not well-formed are dropped. */
  async pendingOverrides(): Promise<PendingOverride[]> {
    const raw = (await this.area.get(KEY.pending))[KEY.pending];
    if (!Array.isArray(raw)) return [];
    return raw.filter((v): v is PendingOverride => {
      const p = record(v);
      return (
        typeof p.id === 'string' &&
        typeof p.site === 'string' &&
        typeof p.until === 'number' &&
        typeof record(p.draft).site === 'string' &&
        Array.isArray(p.hostPatterns) &&
        p.hostPatterns.every((h) => typeof h === 'string')
      );
    });
  }

  async setPendingOverrides(list: PendingOverride[]): Promise<void> {
    await this.area.set({ [KEY.pending]: list });
  }
}
