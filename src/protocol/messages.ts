/**
 * Typed messages between the extension's pages (popup, options, panel, tests) and the background.
 * Declared once here; both sides are typed from this map. CONTRACT: the background helper owns the
 * implementation; add messages here, do not rename existing ones without changing every caller.
 *
 * Every message is `{ type, data }`; the background answers `{ ok: true, value }` or
 * `{ ok: false, error: { message } }` (never a thrown error across the boundary).
 */
import type { OverrideDraft } from '../overrides/draft.ts';
import type { Override } from '../overrides/types.ts';

// The draft and the durations belong to the override model; the protocol carries them.
export type { OverrideDraft } from '../overrides/draft.ts';
export { DURATION_CHOICES, DEFAULT_DURATION_MINUTES } from '../overrides/draft.ts';
/** What the popup shows for one tab. */
export interface TabState {
  tabId: number;
  /** The tab's top-level origin, or undefined for non-http(s) pages. */
  origin?: string;
  override?: Override;
  /** Requests whose headers the override changed in this tab (best effort). */
  relaxedCount: number;
  /** Milliseconds left, when the override ends at a time. */
  remainingMs?: number;
  /**
   * Whether `relaxedCount` is current: Chrome reports matched rules only with `activeTab` (the
   * popup) or `declarativeNetRequestFeedback`; otherwise the last known count is shown.
   */
  relaxedCountFresh?: boolean;
  /** Why the tab cannot be relaxed (not http(s), address not visible…); absent when it can. */
  notCandidate?: string;
  /** The override's rules are installed for this tab right now (active, permitted, in scope). */
  relaxed?: boolean;
  /** The response headers the override's rules set in this tab, exactly as compiled. */
  addedHeaders?: { name: string; value: string; when: string }[];
  /** Host-permission patterns the override needs and the browser has not granted. */
  missingHostPermissions?: string[];
  /**
   * Until when (epoch ms) the preflights on the paths of the tab's failed requests are watched to
   * learn from (a learning window); absent or past: only failures are watched (see
   * extension/background/learning.ts).
   */
  learningUntil?: number;
  /** "Answer preflights" is attached to this tab through chrome.debugger. */
  answeringPreflights?: boolean;
  /**
   * The site's service workers (requests with no tab, e.g. a mock service worker): relaxed too, or
   * why not (src/overrides/worker-rules.ts). Absent while the tab is not relaxed.
   */
  serviceWorkers?: { relaxed: true } | { relaxed: false; why: string };
  /** A problem the background hit for this tab's override (DNR limits, debugger refused…). */
  problems?: string[];
  /**
   * Set while the background cannot read its settings from storage.local (a browser storage
   * error): nothing is changed, nothing is given back, and the read is retried. The rest of this
   * state is the last one read, if any.
   */
  settingsUnreadable?: string;
  /**
   * What the override's rules cannot do in this browser (the rule compiler's warnings, e.g. Firefox
   * has no response-header conditions), then what they cannot do in this tab because of a frame of
   * the site's host in it (src/overrides/frame-rules.ts); absent when there is nothing to say.
   */
  limitations?: string[];
}

/** Stored settings that failed validation on read: set aside (never deleted), then reported. */
export interface StorageRecovery {
  /** When the background found the bad data. */
  at: number;
  /** storage.local key the bad blob was moved to. */
  keptUnder: string;
  /** What was wrong, entry and field. */
  errors: { path: string; message: string }[];
  /** How many overrides were kept (those that validated on their own). */
  kept: number;
}

/** What the options page shows beside the list (getHealth). */
export interface Health {
  /** As TabState.settingsUnreadable: storage.local cannot be read right now; retrying. */
  settingsUnreadable?: string;
  /**
   * Problems per override id from the last reconcile: rules the browser refused to install (that
   * override is then not installed), DNR limits, the debugger refusing to attach…
   */
  problems: Record<string, string[]>;
}

/** What an import did. */
export interface ImportSummary {
  imported: number;
  /**
   * Sites of imported overrides that are not local development sites (src/overrides/local-site.ts):
   * they arrive paused, for the user to review and resume one by one.
   */
  paused: string[];
}

/** What this build and browser can do. */
export interface Capabilities {
  /** chrome.debugger is present (Chrome build with the `debugger` permission). */
  answerPreflights: boolean;
  /** Why not, when not (the browser has no debugger API, or this build leaves it out). */
  answerPreflightsNote?: string;
  /**
   * When this package cannot answer preflights but another CORS Lens package for this browser can:
   * its name (`PREFLIGHT_PACKAGE_NAME`, src/protocol/packages.ts). Absent in that package itself
   * and in Firefox, which has no such package.
   */
  preflightPackage?: string;
  /**
   * The browser can say which rules matched (declarativeNetRequest.getMatchedRules; Firefox has
   * none), so `TabState.relaxedCount` means something.
   */
  relaxedCount: boolean;
  /** Why not, when not. */
  relaxedCountNote?: string;
}

/** How long the background waits for the host access a pending override needs. */
export const PENDING_OVERRIDE_TTL_MS = 10 * 60_000;

/** What `createOverrideWhenGranted` did. */
export interface StagedOverride {
  /** Created at once: the browser already granted the host access it needs. */
  override?: Override;
  /** Stored until the access is granted (then created), refused or PENDING_OVERRIDE_TTL_MS pass. */
  pendingId?: string;
  /** The host patterns it waits for (what the page asks `permissions.request` for). */
  hostPatterns: string[];
}

/** User settings (storage.local, SETTINGS_STORAGE_KEY); every field has a default. */
export interface Settings {
  /**
   * Give back (permissions.remove) the host access CORS Lens asked for once no override, paused
   * override or pending request needs it. The browser asks again the next time a site is relaxed.
   */
  giveBackHostAccess: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { giveBackHostAccess: true };

/** storage.local key of the Settings. */
export const SETTINGS_STORAGE_KEY = 'settings';

export interface ProtocolMap {
  ping: { data: undefined; value: 'pong' };
  getTabState: { data: { tabId: number }; value: TabState };
  listOverrides: { data: undefined; value: Override[] };
  createOverride: { data: OverrideDraft; value: Override };
  updateOverride: {
    data: { id: string; patch: Partial<Omit<Override, 'id' | 'createdAt'>> };
    value: Override;
  };
  deleteOverride: { data: { id: string }; value: true };
  /** Toggle the override for the tab's site (the popup switch and the keyboard shortcut). */
  toggleTab: { data: { tabId: number; duration?: number | 'tab-close' }; value: TabState };
  exportOverrides: { data: undefined; value: string };
  /** Replaces nothing unless every entry validates; errors name the entry and field. */
  importOverrides: { data: { json: string }; value: ImportSummary };
  /** Set-aside corrupt storage, if the background found any; null otherwise. */
  getRecovery: { data: undefined; value: StorageRecovery | null };
  /** Forget the recovery notice (the set-aside blob stays in storage.local). */
  dismissRecovery: { data: undefined; value: true };
  getCapabilities: { data: undefined; value: Capabilities };
  /** What each override's rules cannot do in this browser, by override id (see TabState). */
  getLimitations: { data: undefined; value: Record<string, string[]> };
  /**
   * Create the override once the browser holds the host access it needs: at once when it already
   * does, else as soon as the grant arrives (permissions.onAdded, or the next wake of the
   * background). Firefox may close the popup while its permission prompt is open, so the popup
   * states its intent here before it asks; a popup that stays open then settles it.
   */
  createOverrideWhenGranted: { data: OverrideDraft; value: StagedOverride };
  /**
   * The page's permission prompt was answered: `granted` creates the pending override now (or
   * returns the one already created for its site), refused drops it. null when nothing was created.
   */
  settlePendingOverride: {
    data: { pendingId: string; granted: boolean };
    value: Override | null;
  };
  getSettings: { data: undefined; value: Settings };
  /** Changes the given settings; the reply is all of them as stored. */
  updateSettings: { data: Partial<Settings>; value: Settings };
  /**
   * A CORS Lens page is about to call `permissions.request` for these host patterns (send it first,
   * without awaiting, then ask in the same click). Patterns the browser has not granted yet are
   * remembered for a while; those granted meanwhile are recorded as asked for by CORS Lens, the only
   * host access CORS Lens ever gives back. Host access granted any other way is never removed.
   */
  expectHostAccess: { data: { origins: string[] }; value: true };
  /** Storage trouble and per-override problems, for the options page (see Health). */
  getHealth: { data: undefined; value: Health };
  /**
   * A failed preflight the tab's DevTools saw (the devtools page sends it, see
   * extension/background/learning-devtools.ts): the override relaxing the tab learns the method and
   * headers it asked for, if it was the site's own request to one of the override's API origins.
   * The reply names what was new; nothing when the tab is not relaxed or the request not the site's.
   */
  learnFromFailedPreflight: {
    data: { tabId: number; url: string; requestHeaders: { name: string; value: string }[] };
    value: { methods: string[]; requestHeaders: string[] };
  };
}

export type MessageType = keyof ProtocolMap;
export type Message<K extends MessageType = MessageType> = K extends MessageType
  ? { type: K; data: ProtocolMap[K]['data'] }
  : never;
export type Reply<K extends MessageType> =
  { ok: true; value: ProtocolMap[K]['value'] } | { ok: false; error: ProtocolError };

export interface ProtocolError {
  message: string;
  /** Validation problems, each naming the entry and field (e.g. `[2].apiOrigins[0]`). */
  issues?: { path: string; message: string }[];
}

/** storage.local key under which the overrides live (the panel and popup may watch it). */
export const OVERRIDES_STORAGE_KEY = 'overrides';
