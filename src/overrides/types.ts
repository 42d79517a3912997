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
     * API origins seen as the target of a cross-origin redirect (requests there carry `Origin:
     * null`): their `*` answers are kept even with credentials, and a missing or wrong ACAO
     * becomes `null`. Fed by `learnFromRedirect`. Optional: older data lacks it.
     */
    redirectOrigins?: string[];
  };
  scope: OverrideScope;
  end: OverrideEnd;
  paused: boolean;
  /** Chrome only: answer failing preflights (404/405/5xx) through chrome.debugger. */
  answerPreflights: boolean;
  createdAt: number;
}
