/**
 * Reconcile: make the browser match the stored overrides. Desired rules = compileRules(overrides,
 * open tabs); current = getSessionRules(); one updateSessionRules with the diff (none when equal).
 * Then everything derived follows: badges, learning listeners, debugger attachments, the expiry
 * alarm, the keepalive, and giving back host access nothing needs any more (host-access.ts). It reads all its inputs fresh every time and keeps nothing it needs later,
 * so a worker killed at any point is repaired by the next run: rules converge (the diff removes what
 * a half-done run left, re-adds what is missing), nothing is duplicated (rule ids are deterministic).
 *
 * Must run inside the background's SerialQueue.
 */
import {
  compileRules,
  diffRules,
  nextExpiry,
  type CompileResult,
  type Override,
} from '../../src/overrides/index.ts';
import { hostPatternsFor } from '../../src/protocol/host-permissions.ts';
import { isTabBound } from '../../src/protocol/transfer.ts';
import type { Badges, RelaxedTab } from './badges.ts';
import type { ExpirySchedule } from './expiry-schedule.ts';
import type { HostAccess } from './host-access.ts';
import type { KeepAlive } from './keepalive.ts';
import type { LearningListeners, LearningTarget } from './learning.ts';
import type { OverridesRepo } from './overrides-repo.ts';
import type { BackgroundPorts } from './ports.ts';
import type { PreflightAnswerer } from './preflight-answerer.ts';
import type { LearningWindow, SessionState } from './session-state.ts';
import { openTabsFrom, type OpenTabs } from './tab-origins.ts';

export interface Snapshot {
  at: number;
  overrides: Override[];
  open: OpenTabs;
  compiled: CompileResult;
  relaxed: RelaxedTab[];
  problems: Record<string, string[]>;
}

/** How long the per-request learning listener stays after a tab is relaxed, loads a page or fails. */
export const LEARNING_WINDOW_MS = 5 * 60_000;

export interface ReconcilerParts {
  ports: Pick<
    BackgroundPorts,
    'tabs' | 'dnr' | 'clock' | 'log' | 'supportsResponseHeaderConditions'
  >;
  repo: OverridesRepo;
  session: SessionState;
  badges: Badges;
  learning: LearningListeners;
  answerer: PreflightAnswerer;
  expiry: ExpirySchedule;
  keepAlive: KeepAlive;
  hostAccess: HostAccess;
  /** Called when the earliest learning window closes, to drop its listener. */
  onWindowClosed(): void;
}

/** Over for good: its time came, its tab closed or left the site, or its tab is from a past session. */
export function hasEnded(o: Override, now: number, open: OpenTabs, newSession: boolean): boolean {
  if (newSession && isTabBound(o)) return true;
  const openIds = new Set(open.openTabIds);
  if (o.scope.kind === 'tab' && !openIds.has(o.scope.tabId)) return true;
  if (o.end.kind === 'at') return o.end.at <= now;
  const tabId = o.end.tabId;
  if (!openIds.has(tabId)) return true;
  // "Until the tab closes" also ends when the tab leaves the site (its URL then shows another origin,
  // or none we may see).
  return open.tabs.find((t) => t.tabId === tabId)?.origin !== o.site;
}

function overrideIdOfPath(path: string): string | undefined {
  return /^overrides\[id=(.+?)\]/.exec(path)?.[1];
}

export class Reconciler {
  /** The last run's result: derived data, recomputed on the next run; never the only copy of state. */
  last: Snapshot | undefined;
  /** Learning window length; the benchmark shortens it to measure a relaxed tab between windows. */
  learningWindowMs = LEARNING_WINDOW_MS;
  private runProblems: Record<string, string[]> = {};
  private windowTimer: unknown;
  /** Tabs whose learning window must (re)open at the next run: a page load, a failed request. */
  private readonly reopen = new Set<number>();

  constructor(private readonly p: ReconcilerParts) {}

  /** Opens (or extends) the tab's learning window at the next run. */
  openLearningWindow(tabId: number): void {
    this.reopen.add(tabId);
  }

  /** Called by the answerer during a run, or between runs. */
  noteProblem(overrideId: string, message: string): void {
    (this.runProblems[overrideId] ??= []).push(message);
  }

  /**
   * Which relaxed tabs learn right now. A tab newly relaxed (or relaxed by another override) gets a
   * fresh window, as does one that loaded a page or saw a failure; closed windows stay closed.
   */
  private async learningTargets(relaxed: RelaxedTab[], now: number): Promise<LearningTarget[]> {
    const { session, ports } = this.p;
    const before = await session.learningWindows();
    const windows: Record<string, LearningWindow> = {};
    for (const { tabId, override } of relaxed) {
      const old = before[String(tabId)];
      const fresh = !old || old.overrideId !== override.id || this.reopen.has(tabId);
      windows[String(tabId)] = fresh
        ? { overrideId: override.id, until: now + this.learningWindowMs }
        : old;
    }
    this.reopen.clear();
    await session.setLearningWindows(windows);
    const open = Object.values(windows)
      .map((w) => w.until)
      .filter((until) => until > now);
    if (this.windowTimer !== undefined) ports.clock.clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    if (open.length > 0) {
      const next = Math.min(...open);
      this.windowTimer = ports.clock.setTimeout(() => this.p.onWindowClosed(), next - now + 5);
    }
    return relaxed.map((r) => ({
      ...r,
      learning: (windows[String(r.tabId)]?.until ?? 0) > now,
    }));
  }

  /**
   * Last, once the rules no longer use it: host access that no stored override (paused ones
   * included) and no pending one needs goes back to the browser, if CORS Lens asked for it.
   */
  private async giveBackHostAccess(overrides: readonly Override[], now: number): Promise<void> {
    const pending = (await this.p.session.pendingOverrides()).filter((p) => p.until > now);
    const needed = [
      ...overrides.flatMap(hostPatternsFor),
      ...pending.flatMap((p) => p.hostPatterns),
    ];
    try {
      await this.p.hostAccess.reconcile(needed);
    } catch (e) {
      this.p.ports.log.warn('Giving back host access failed', e);
    }
  }

  async run(): Promise<Snapshot> {
    const { ports, repo, session } = this.p;
    const now = ports.clock.now();
    this.runProblems = {};
    const newSession = await session.startSession(now);
    const open = openTabsFrom(await ports.tabs.query());
    let overrides = await repo.load();
    const kept = overrides.filter((o) => !hasEnded(o, now, open, newSession));
    if (kept.length !== overrides.length) {
      await repo.save(kept);
      overrides = kept;
    }

    const compiled = compileRules(overrides, open.tabs, now, {
      supportsResponseHeaderConditions: ports.supportsResponseHeaderConditions,
      openTabIds: open.openTabIds,
      workerRequests: true,
    });
    for (const error of compiled.errors) {
      const id = overrideIdOfPath(error.path);
      if (id !== undefined) this.noteProblem(id, error.message);
    }
    const update = diffRules(await ports.dnr.getSessionRules(), compiled.rules);
    if (update) {
      try {
        await ports.dnr.updateSessionRules(update);
      } catch (e) {
        // One call, applied atomically or not at all: the next run retries from the same state.
        const why = e instanceof Error ? e.message : String(e);
        ports.log.warn('updateSessionRules failed', e);
        for (const id of Object.keys(compiled.stats.byOverride)) {
          this.noteProblem(id, `The browser refused the rules: ${why}`);
        }
      }
    }

    const relaxed = relaxedTabs(overrides, compiled, open);
    await this.p.badges.sync(relaxed, now);
    this.p.learning.sync(await this.learningTargets(relaxed, now));
    await this.p.answerer.sync(relaxed.filter((r) => r.override.answerPreflights));
    await this.p.expiry.schedule(
      nextExpiry(overrides),
      relaxed.some((r) => r.override.end.kind === 'at'),
    );
    this.p.keepAlive.set(relaxed.length > 0);
    await session.forgetCounts(new Set(relaxed.map((r) => r.tabId)));
    await session.setProblems(this.runProblems);
    await this.giveBackHostAccess(overrides, now);

    this.last = { at: now, overrides, open, compiled, relaxed, problems: this.runProblems };
    return this.last;
  }
}

/** Tabs that got rules, with their override. */
export function relaxedTabs(
  overrides: readonly Override[],
  compiled: CompileResult,
  open: OpenTabs,
): RelaxedTab[] {
  const out: RelaxedTab[] = [];
  for (const o of overrides) {
    if (!compiled.stats.byOverride[o.id]) continue;
    for (const tab of open.tabs) {
      if (tab.origin !== o.site) continue;
      if (o.scope.kind === 'tab' && o.scope.tabId !== tab.tabId) continue;
      out.push({ tabId: tab.tabId, override: o });
    }
  }
  return out.sort((a, b) => a.tabId - b.tabId);
}
