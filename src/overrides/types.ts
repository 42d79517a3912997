/**
 * The override model: what the user asked CORS Lens to relax. CONTRACT shared by the rule compiler,
 * the background, the popup, the options page and the panel. Fields may be added; renaming or
 * removing one means changing every user (and a storage migration).
 */

export type OverrideScope = { kind: 'site' } | { kind: 'tab'; tabId: number };

export type OverrideEnd =
  /** Epoch milliseconds. */
  | { kind: 'at'; at: number }
  /** Ends when the named tab closes (or navigates away from the site). */
  | { kind: 'tab-close'; tabId: number };

export interface Override {
  /** Stable id (the site origin is unique per override, but ids survive edits). */
  id: string;
  /** The dev site by exact origin, e.g. `http://localhost:5173`. */
  site: string;
  /** API origins the site may reach; `'any'` = every cross-origin target. */
  apiOrigins: string[] | 'any';
  /** Allow credentialed requests (cookies, Authorization): echo the origin, ACAC: true. */
  credentials: boolean;
  /** Methods to allow beyond the safelisted ones, as the app spells them (case matters). */
  methods: string[];
  /** Request headers to allow (lower-case). */
  requestHeaders: string[];
  /** Response headers to expose to scripts. */
  exposeHeaders: string[];
  /** Methods and headers learned from preflights the override did not yet allow. */
  learned: {
    methods: string[];
    requestHeaders: string[];
    /**
     * Legacy (no longer learned): whole API origins seen as the target of a cross-origin redirect.
     * Compiled like `redirectTargets` for the whole origin. Optional: most data lacks it.
     */
    redirectOrigins?: string[];
    /**
     * Where cross-origin redirects from the site's own requests led: origin + path, no query
     * (`http://127.0.0.1:4000/files/1`). Requests there carry `Origin: null`: ACAO becomes `null`
     * on that path (and its query and sub-paths) only. Fed by `learnFromRedirect`, oldest first.
     * Optional: older data lacks it.
     */
    redirectTargets?: string[];
    /**
     * API origins where a direct request of the site failed (`learnFromFailure`): there a bare `*`
     * (credentials on) and a hard-coded `null` are replaced by the site's origin. Before the first
     * failure they are kept (they pass some requests: see rule-families.ts). Oldest first.
     * Optional: older data lacks it.
     */
    failedOrigins?: string[];
  };
  scope: OverrideScope;
  end: OverrideEnd;
  paused: boolean;
  /** Chrome only: answer the site's preflights (so 404/405/5xx/redirected ones pass) via chrome.debugger. */
  answerPreflights: boolean;
  createdAt: number;
}
