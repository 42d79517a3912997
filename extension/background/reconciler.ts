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
  type DnrRule,
  type Override,
} from '../../src/overrides/index.ts';
import { hostPatternsFor } from '../../src/overrides/host-patterns.ts';
import { isTabBound } from '../../src/overrides/transfer.ts';
import type { Badges, RelaxedTab } from './badges.ts';
import type { ExpirySchedule } from './expiry-schedule.ts';
import type { FrameOrigins } from './frame-origins.ts';
import type { HostAccess } from './host-access.ts';
import type { KeepAlive } from './keepalive.ts';
import { failedPathPattern, type LearningListeners, type LearningTarget } from './learning.ts';
import { StorageReadError, type OverridesRepo } from './overrides-repo.ts';
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
  /**
   * Set while storage.local cannot be read: the overrides above are the last ones read (or none),
   * the browser's rules and host access were left as they were, and a retry is scheduled.
   */
  settingsUnreadable?: string;
}

/** Retry delays after a failed storage read: 1 s, doubling, at most a minute. */
export const READ_RETRY_MIN_MS = 1000;
export const READ_RETRY_MAX_MS = 60_000;

/** How long the per-request learning listener watches the paths of a tab's failed requests. */
export const LEARNING_WINDOW_MS = 5 * 60_000;
/** Failed paths one tab's window watches at most (the latest): each one widens the listener. */
export const MAX_LEARNING_PATHS = 16;

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
  /** Frames of another origin in relaxed tabs: their exchanges are left alone there. */
  frames: FrameOrigins;
  /** Called when the earliest learning window closes, to drop its listener. */
  onWindowClosed(): void;
  /** Called to retry after storage.local refused a read. */
  onRetry(): void;
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

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
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
  /** Failed requests whose paths the next run starts watching, by tab (learning.ts). */
  private readonly reopen = new Map<number, string[]>();
  private retryTimer: unknown;
  private retryDelay = READ_RETRY_MIN_MS;

  constructor(private readonly p: ReconcilerParts) {}

  /** Opens (or extends) the tab's learning window for the path of a failed request, next run. */
  openLearningWindow(tabId: number, failedUrl: string): void {
    const pattern = failedPathPattern(failedUrl);
    if (pattern === undefined) return;
    const list = this.reopen.get(tabId) ?? [];
    if (!list.includes(pattern)) list.push(pattern);
    this.reopen.set(tabId, list);
  }

  /** Called by the answerer during a run, or between runs. */
  noteProblem(overrideId: string, message: string): void {
    (this.runProblems[overrideId] ??= []).push(message);
  }

  /**
   * Which relaxed tabs learn right now, and where: the paths of their failed requests, for a
   * window after the last failure (none after relaxing or a page load: the per-request listener
   * would cost every request of the tab). A window belongs to one override; it closes on time.
   */
  private async learningTargets(relaxed: RelaxedTab[], now: number): Promise<LearningTarget[]> {
    const { session, ports } = this.p;
    const before = await session.learningWindows();
    const windows: Record<string, LearningWindow> = {};
    for (const { tabId, override } of relaxed) {
      const old = before[String(tabId)];
      const kept = old && old.overrideId === override.id && old.until > now ? old.urls : [];
      const failed = this.reopen.get(tabId) ?? [];
      if (failed.length > 0) {
        const urls = [...kept.filter((u) => !failed.includes(u)), ...failed];
        windows[String(tabId)] = {
          overrideId: override.id,
          until: now + this.learningWindowMs,
          urls: urls.slice(-MAX_LEARNING_PATHS),
        };
      } else if (kept.length > 0) {
        windows[String(tabId)] = old!;
      }
    }
    this.reopen.clear();
    await session.setLearningWindows(windows);
    const open = Object.values(windows).map((w) => w.until);
    if (this.windowTimer !== undefined) ports.clock.clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    if (open.length > 0) {
      const next = Math.min(...open);
      this.windowTimer = ports.clock.setTimeout(() => this.p.onWindowClosed(), next - now + 5);
    }
    return relaxed.map((r) => ({ ...r, learnUrls: windows[String(r.tabId)]?.urls ?? [] }));
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

  /**
   * Storage could not be read: touch nothing (rules, badges, host access stay as they are), say so,
   * and try again soon. The last good read, if any, is what the pages keep seeing.
   */
  private unreadable(e: StorageReadError, now: number, open: OpenTabs): Snapshot {
    const { clock } = this.p.ports;
    if (this.retryTimer !== undefined) clock.clearTimeout(this.retryTimer);
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.p.onRetry();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, READ_RETRY_MAX_MS);
    const base: Snapshot = this.last ?? {
      at: now,
      overrides: [],
      open,
      compiled: compileRules([], open.tabs, now, {
        supportsResponseHeaderConditions: this.p.ports.supportsResponseHeaderConditions,
        openTabIds: open.openTabIds,
      }),
      relaxed: [],
      problems: {},
    };
    this.last = { ...base, settingsUnreadable: e.message };
    return this.last;
  }

  private readSucceeded(): void {
    if (this.retryTimer !== undefined) this.p.ports.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryDelay = READ_RETRY_MIN_MS;
  }

  /**
   * One updateSessionRules with the diff. When the browser refuses it (a rule it rejects, a quota),
   * the old rules must not stay behind: remove what should go in a removal-only update, then add
   * the new rules by halves, so one override's bad rules cannot keep the others out. Returns the
   * ids of overrides whose rules could not be installed (each noted as a problem).
   */
  private async installRules(current: DnrRule[], compiled: CompileResult): Promise<Set<string>> {
    const { dnr, log } = this.p.ports;
    const refused = new Set<string>();
    const update = diffRules(current, compiled.rules);
    if (!update) return refused;
    try {
      await dnr.updateSessionRules(update);
      return refused;
    } catch (e) {
      log.warn('updateSessionRules failed; removing, then adding by halves', e);
    }
    const ownerOf = new Map<number, string>();
    for (const [id, ruleIds] of Object.entries(compiled.stats.byOverride)) {
      for (const ruleId of ruleIds) ownerOf.set(ruleId, id);
    }
    if (update.removeRuleIds.length > 0) {
      try {
        await dnr.updateSessionRules({ removeRuleIds: update.removeRuleIds });
      } catch (e) {
        const why = errorText(e);
        log.warn('Removing the old rules failed too', e);
        for (const id of Object.keys(compiled.stats.byOverride)) {
          this.noteProblem(id, `The browser refused to update the rules: ${why}`);
          refused.add(id);
        }
        return refused;
      }
    }
    // Groups of rules that stand or fall together: one override's.
    const groups = new Map<string, DnrRule[]>();
    for (const rule of update.addRules) {
      const owner = ownerOf.get(rule.id) ?? '';
      groups.set(owner, [...(groups.get(owner) ?? []), rule]);
    }
    const add = async (batch: [string, DnrRule[]][]): Promise<void> => {
      if (batch.length === 0) return;
      try {
        await dnr.updateSessionRules({ addRules: batch.flatMap(([, rules]) => rules) });
        return;
      } catch (e) {
        if (batch.length === 1) {
          const [id] = batch[0]!;
          refused.add(id);
          this.noteProblem(
            id,
            `The browser refused this override's rules, so it is not installed: ${errorText(e)}`,
          );
          return;
        }
      }
      const half = Math.ceil(batch.length / 2);
      await add(batch.slice(0, half));
      await add(batch.slice(half));
    };
    await add([...groups]);
    return refused;
  }

  async run(): Promise<Snapshot> {
    const { ports, repo, session } = this.p;
    const now = ports.clock.now();
    this.runProblems = {};
    const newSession = await session.startSession(now);
    const open = openTabsFrom(await ports.tabs.query());
    let overrides: Override[];
    try {
      overrides = await repo.load();
    } catch (e) {
      if (!(e instanceof StorageReadError)) throw e;
      return this.unreadable(e, now, open);
    }
    this.readSucceeded();
    const kept = overrides.filter((o) => !hasEnded(o, now, open, newSession));
    if (kept.length !== overrides.length) {
      await repo.save(kept);
      overrides = kept;
    }

    const tabs = await this.p.frames.withFrames(open.tabs);
    const compile = (answeredTabs: number[]) =>
      compileRules(overrides, tabs, now, {
        supportsResponseHeaderConditions: ports.supportsResponseHeaderConditions,
        openTabIds: open.openTabIds,
        workerRequests: true,
        answeredTabs,
      });
    const answeredBefore = this.p.answerer.answeringTabs();
    let compiled = compile(answeredBefore);
    for (const error of compiled.errors) {
      const id = overrideIdOfPath(error.path);
      if (id !== undefined) this.noteProblem(id, error.message);
    }
    let refused = await this.installRules(await ports.dnr.getSessionRules(), compiled);
    for (const id of refused) delete compiled.stats.byOverride[id];

    const relaxed = relaxedTabs(overrides, compiled, open);
    await this.p.badges.sync(relaxed, now);
    this.p.learning.sync(await this.learningTargets(relaxed, now));
    this.p.frames.sync(relaxed.map((r) => ({ tabId: r.tabId, site: r.override.site })));
    await this.p.answerer.sync(relaxed.filter((r) => r.override.answerPreflights));
    // Attached or detached just now: the answered tabs' rules follow at once (answeredTabsRule).
    const answered = this.p.answerer.answeringTabs();
    if (answered.join() !== answeredBefore.join()) {
      compiled = compile(answered);
      refused = await this.installRules(await ports.dnr.getSessionRules(), compiled);
      for (const id of refused) delete compiled.stats.byOverride[id];
    }
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
