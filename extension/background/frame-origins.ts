/**
 * Which frames of another origin each relaxed tab holds, so the rules can leave their exchanges
 * alone there (src/overrides/frame-rules.ts; issue 10, item 8). DNR has no frame condition and its
 * initiatorDomains carries no port, so the background has to know.
 *
 * How: webRequest.onBeforeRequest for document loads only (`main_frame`, `sub_frame`), filtered to
 * each relaxed tab: a few events per page, nothing per fetch, and no new permission (`webRequest`
 * is already held; webNavigation would add an install-time warning). A frame's load names its
 * origin before any of its scripts run; only frames on the site's host or a subdomain of it are
 * kept (the others never match the site's rules). The rules are recompiled when a new one appears.
 * A frame that loaded before the tab was relaxed (or while no listener was registered) shows itself
 * by its first failed request instead: onErrorOccurred, which fires on failures only, names the
 * frame's origin as the request's initiator; the retry is shielded.
 *
 * Kept in storage.session, so a worker restart keeps them. Dropped when the tab closes or leaves
 * the site. A new page in the tab starts a new generation: the previous page's frames stay for
 * FRAME_GRACE_MS (a reload usually brings the same frames back, and they must be shielded before
 * their first request, not after) and go then unless seen again.
 */
import type { TabInfo } from '../../src/overrides/index.ts';
import { ALL_HTTP_HOSTS } from '../../src/overrides/host-patterns.ts';
import { frameRelation } from '../../src/overrides/frame-rules.ts';
import type { Clock, KeyValueArea, ObservedFrame, WebRequestPort } from './ports.ts';
import { httpOrigin } from './tab-origins.ts';

const KEY = 'cl.frames';

/** How long a page's frames outlive a new page in the same tab unless they load again. */
export const FRAME_GRACE_MS = 10_000;

export interface TabFrames {
  /** The relaxed site the tab showed when the frames were seen. */
  site: string;
  /** When the tab last started loading a page (0: not since the frames were first seen). */
  navigatedAt: number;
  frames: Array<{ origin: string; seenAt: number }>;
}

type Records = Record<string, TabFrames>;

function cleanRecords(raw: unknown): Records {
  const out: Records = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [tab, v] of Object.entries(raw as Record<string, unknown>)) {
    const r = v as Partial<TabFrames> | null;
    if (typeof r?.site !== 'string' || typeof r.navigatedAt !== 'number') continue;
    const frames = (Array.isArray(r.frames) ? r.frames : []).filter(
      (f): f is { origin: string; seenAt: number } =>
        typeof f?.origin === 'string' && typeof f.seenAt === 'number',
    );
    out[tab] = { site: r.site, navigatedAt: r.navigatedAt, frames };
  }
  return out;
}

export interface FrameOriginsParts {
  webRequest: Pick<WebRequestPort, 'observeFrames' | 'observe'>;
  session: KeyValueArea;
  clock: Clock;
  /** A frame appeared or went: the rules must be recompiled. */
  onChange(): void;
  warn(message: string, detail?: unknown): void;
}

export class FrameOrigins {
  private records: Promise<Records> | undefined;
  private readonly listening = new Map<number, { site: string; remove: () => void }>();
  private timer: unknown;
  /** Writes in order: events arrive faster than storage answers. */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly p: FrameOriginsParts) {}

  private load(): Promise<Records> {
    this.records ??= this.p.session.get(KEY).then(
      (got) => cleanRecords(got[KEY]),
      (e: unknown) => {
        this.p.warn('Could not read the frames of relaxed tabs', e);
        return {};
      },
    );
    return this.records;
  }

  private save(records: Records): void {
    const copy = structuredClone(records);
    this.writes = this.writes
      .then(() => this.p.session.set({ [KEY]: copy }))
      .catch((e: unknown) => this.p.warn('Could not store the frames of relaxed tabs', e));
  }

  /**
   * The tabs with their frames, for compileRules. Forgets tabs that closed or left their site and
   * a previous page's frames once their grace is over; schedules the next such check.
   */
  async withFrames(tabs: readonly TabInfo[]): Promise<TabInfo[]> {
    const records = await this.load();
    const now = this.p.clock.now();
    let changed = false;
    let nextExpiry = Infinity;
    for (const [tab, record] of Object.entries(records)) {
      if (!tabs.some((t) => String(t.tabId) === tab && t.origin === record.site)) {
        delete records[tab];
        changed = true;
        continue;
      }
      const expires = record.navigatedAt + FRAME_GRACE_MS;
      const current = record.frames.filter((f) => f.seenAt >= record.navigatedAt || now < expires);
      if (current.length !== record.frames.length) {
        record.frames = current;
        changed = true;
      }
      if (current.some((f) => f.seenAt < record.navigatedAt)) {
        nextExpiry = Math.min(nextExpiry, expires);
      }
    }
    if (changed) this.save(records);
    if (this.timer !== undefined) this.p.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (nextExpiry !== Infinity) {
      this.timer = this.p.clock.setTimeout(() => this.p.onChange(), nextExpiry - now + 5);
    }
    return tabs.map((t) => {
      const frames = records[String(t.tabId)]?.frames.map((f) => f.origin) ?? [];
      return frames.length > 0 ? { ...t, frames } : t;
    });
  }

  /** Listens to exactly these relaxed tabs' document loads. */
  sync(relaxed: ReadonlyArray<{ tabId: number; site: string }>): void {
    const wanted = new Map(relaxed.map((r) => [r.tabId, r.site]));
    for (const [tabId, reg] of this.listening) {
      if (wanted.get(tabId) !== reg.site) {
        reg.remove();
        this.listening.delete(tabId);
      }
    }
    for (const [tabId, site] of wanted) {
      if (this.listening.has(tabId)) continue;
      const filter = { urls: [...ALL_HTTP_HOSTS], tabId };
      const loads = this.p.webRequest.observeFrames(filter, (frame) => void this.seen(site, frame));
      const failures = this.p.webRequest.observe(filter, {
        error: (f) => {
          if (f.initiator !== undefined && f.initiator !== site) {
            void this.seen(site, { tabId, kind: 'sub', url: `${f.initiator}/` });
          }
        },
      });
      this.listening.set(tabId, {
        site,
        remove: () => {
          loads();
          failures();
        },
      });
    }
  }

  /** Tabs whose document loads are watched. */
  tabs(): number[] {
    return [...this.listening.keys()].sort((a, b) => a - b);
  }

  /** Frame origins known per tab (for tests and the test build's hooks). */
  async known(): Promise<Record<string, string[]>> {
    const records = await this.load();
    return Object.fromEntries(
      Object.entries(records).map(([tab, r]) => [tab, r.frames.map((f) => f.origin)]),
    );
  }

  private async seen(site: string, frame: ObservedFrame): Promise<void> {
    const records = await this.load();
    const tab = String(frame.tabId);
    const now = this.p.clock.now();
    const origin = httpOrigin(frame.url);
    if (frame.kind === 'main') {
      // A page of another site: withFrames forgets the frames once the tab shows it (a download
      // or a 204 never does). The same site's page: its frames keep their grace.
      const record = records[tab];
      if (!record || origin !== site) return;
      record.navigatedAt = now;
      this.save(records);
      this.p.onChange();
      return;
    }
    if (origin === undefined || frameRelation(site, origin) === undefined) return;
    if (records[tab]?.site !== site) records[tab] = { site, navigatedAt: 0, frames: [] };
    const record = records[tab]!;
    const known = record.frames.find((f) => f.origin === origin);
    if (known && known.seenAt >= record.navigatedAt) return;
    record.frames = [
      ...record.frames.filter((f) => f.origin !== origin),
      { origin, seenAt: Math.max(now, record.navigatedAt) },
    ];
    this.save(records);
    // Seen again after a reload: the rules already shield it, only the record changes.
    if (!known) this.p.onChange();
  }
}
