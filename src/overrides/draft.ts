/**
 * What a page asks for when it relaxes a site (the popup, the options form, the shortcut, the
 * panel), and the durations it may choose. The protocol carries it (src/protocol/messages.ts
 * re-exports it); createOverride (create.ts) turns it into an Override.
 */
import type { Override } from './types.ts';

/** Fields a page may set when it creates an override; the rest gets defaults. */
export interface OverrideDraft {
  site: string;
  apiOrigins?: string[] | 'any';
  credentials?: boolean;
  methods?: string[];
  requestHeaders?: string[];
  exposeHeaders?: string[];
  scope?: Override['scope'];
  /** Minutes, or `'tab-close'` (needs scope tab or the creating tab's id). */
  duration: number | 'tab-close';
  answerPreflights?: boolean;
  /** The tab the request came from (popup: the active tab; panel: the inspected tab). */
  tabId?: number;
}

/** The popup's duration choices, in minutes or until the tab closes. */
export const DURATION_CHOICES: readonly (number | 'tab-close')[] = [15, 60, 480, 'tab-close'];
/** What the keyboard shortcut and a bare toggleTab use. */
export const DEFAULT_DURATION_MINUTES = 60;
