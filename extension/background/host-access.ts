/**
 * Least privilege over time: give back the host access CORS Lens asked for once nothing needs it.
 *
 * `permissions.getAll()` cannot say where a host grant came from: the manifest's `host_permissions`
 * (the test build), a CORS Lens prompt, and the user's own "Site access" choice in
 * chrome://extensions (or Firefox's add-on page) all look the same. So CORS Lens keeps its own
 * record, in storage.local because optional grants outlive the browser session:
 * - a page about to call `permissions.request` says so first (`expect`, the `expectHostAccess`
 *   message); the patterns not granted at that moment are kept as an "ask" (storage.session);
 * - a reconcile that finds an ask's exact pattern granted records it as asked for by CORS Lens.
 *   A pattern that was already granted when we asked (by the user, or by the manifest) is never
 *   recorded, so it is never removed;
 * - every reconcile drops from the record what is no longer granted (the user revoked it), so a
 *   later grant of the same host made some other way is not mistaken for ours.
 *
 * What is needed: every stored override's patterns, paused ones included (a paused override is kept
 * to be resumed with one click, which asks for nothing), the pending overrides'
 * (createOverrideWhenGranted) and the live asks' (the page creates its override right after the
 * grant; a reconcile run by permissions.onAdded in between must not take the grant back — an
 * answered ask lasts until an override needs all its patterns, or GRANT_GRACE_MS). Ended
 * overrides are deleted by the reconciler, so they need nothing. The rest of the record is given back
 * with `permissions.remove`, when the setting allows. Idempotent: a second run finds nothing to do.
 *
 * Must run inside the background's SerialQueue.
 */
import { isCovered, patternsToGiveBack } from '../../src/overrides/host-patterns.ts';
import {
  DEFAULT_SETTINGS,
  PENDING_OVERRIDE_TTL_MS,
  SETTINGS_STORAGE_KEY,
  type Settings,
} from '../../src/protocol/messages.ts';
import type { BackgroundPorts } from './ports.ts';

/** storage.local: the host patterns granted through a CORS Lens prompt and still granted. */
export const ASKED_BY_US_KEY = 'hostAccess.askedByCorsLens';
/** storage.session: prompts in flight. */
export const ASKS_KEY = 'cl.hostAccessAsks';
/** How long an unanswered ask waits for its grant (as long as a pending override). */
export const ASK_TTL_MS = PENDING_OVERRIDE_TTL_MS;
/** How long a granted ask still counts as needed: the page creates its override right after. */
export const GRANT_GRACE_MS = 60_000;

export interface HostAccessAsk {
  /** Patterns that were not granted when the page said it would ask. */
  patterns: string[];
  until: number;
}

export interface HostAccessParts {
  ports: Pick<BackgroundPorts, 'local' | 'session' | 'permissions' | 'clock' | 'log'>;
  /** Called when a granted ask's grace ends, so the give-back does not wait for another event. */
  onAskEnded(): void;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function asks(value: unknown): HostAccessAsk[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const a = (typeof v === 'object' && v !== null ? v : {}) as Partial<HostAccessAsk>;
    return typeof a.until === 'number' ? [{ patterns: strings(a.patterns), until: a.until }] : [];
  });
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

export class HostAccess {
  private timer: unknown;

  constructor(private readonly p: HostAccessParts) {}

  async settings(): Promise<Settings> {
    const raw = (await this.p.ports.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY];
    const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Settings>;
    return {
      giveBackHostAccess:
        typeof s.giveBackHostAccess === 'boolean'
          ? s.giveBackHostAccess
          : DEFAULT_SETTINGS.giveBackHostAccess,
    };
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.settings()) };
    if (typeof patch.giveBackHostAccess === 'boolean') {
      next.giveBackHostAccess = patch.giveBackHostAccess;
    }
    await this.p.ports.local.set({ [SETTINGS_STORAGE_KEY]: next });
    return next;
  }

  /** The patterns recorded as granted through CORS Lens. */
  async askedByUs(): Promise<string[]> {
    return strings((await this.p.ports.local.get(ASKED_BY_US_KEY))[ASKED_BY_US_KEY]);
  }

  private async asks(): Promise<HostAccessAsk[]> {
    return asks((await this.p.ports.session.get(ASKS_KEY))[ASKS_KEY]);
  }

  /** A page is about to ask for `origins`: remember those not granted yet. */
  async expect(origins: readonly string[]): Promise<void> {
    const { ports } = this.p;
    const granted = await ports.permissions.grantedOrigins();
    // Only exact, not-yet-covered patterns: a host the user already granted stays theirs.
    const patterns = [...new Set(origins)].filter((o) => !isCovered(o, granted));
    if (patterns.length === 0) return;
    const now = ports.clock.now();
    const live = (await this.asks()).filter((a) => a.until > now);
    await ports.session.set({ [ASKS_KEY]: [...live, { patterns, until: now + ASK_TTL_MS }] });
  }

  /**
   * Records grants that answer our asks, forgets what is no longer granted, then gives back what
   * `needed` (the overrides' and pending overrides' patterns) does not use. Returns what it removed.
   */
  async reconcile(needed: readonly string[]): Promise<string[]> {
    const { ports } = this.p;
    const now = ports.clock.now();
    const storedAsks = await this.asks();
    const storedOurs = await this.askedByUs();
    // Nothing was ever asked through CORS Lens: nothing to record, nothing to give back.
    if (storedAsks.length === 0 && storedOurs.length === 0) return [];

    const granted = await ports.permissions.grantedOrigins();
    const grantedSet = new Set(granted);
    const ours = new Set(storedOurs.filter((p) => grantedSet.has(p)));
    const live: HostAccessAsk[] = [];
    for (const ask of storedAsks) {
      if (ask.until <= now) continue;
      const answered = ask.patterns.filter((p) => grantedSet.has(p));
      if (answered.length === 0) {
        live.push(ask);
        continue;
      }
      answered.forEach((p) => ours.add(p));
      // Served: the override it was asked for is stored (or pending) and needs its patterns now.
      if (ask.patterns.every((p) => needed.includes(p))) continue;
      live.push({ ...ask, until: Math.min(ask.until, now + GRANT_GRACE_MS) });
    }

    let removed: string[] = [];
    if ((await this.settings()).giveBackHostAccess) {
      const stillNeeded = [...needed, ...live.flatMap((a) => a.patterns)];
      const giveBack = patternsToGiveBack([...ours], stillNeeded, granted);
      if (giveBack.length > 0) {
        try {
          await ports.permissions.remove(giveBack);
          giveBack.forEach((p) => ours.delete(p));
          removed = giveBack;
        } catch (e) {
          // Kept in the record: the next reconcile tries again.
          ports.log.warn('Could not give back host access', e);
        }
      }
    }

    const oursNow = [...ours].sort();
    if (!sameSet(oursNow, storedOurs)) await ports.local.set({ [ASKED_BY_US_KEY]: oursNow });
    const changedAsks =
      live.length !== storedAsks.length || live.some((a, i) => a.until !== storedAsks[i]?.until);
    if (changedAsks) await ports.session.set({ [ASKS_KEY]: live });
    this.scheduleAskEnd(live, now);
    return removed;
  }

  private scheduleAskEnd(live: readonly HostAccessAsk[], now: number): void {
    const { clock } = this.p.ports;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (live.length === 0) return;
    const next = Math.min(...live.map((a) => a.until));
    this.timer = clock.setTimeout(() => this.p.onAskEnded(), Math.max(0, next - now) + 5);
  }
}
