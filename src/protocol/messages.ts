/**
 * Typed messages between the extension's pages (popup, options, panel, tests) and the background.
 * Declared once here; both sides are typed from this map. CONTRACT: the background helper owns the
 * implementation; add messages here, do not rename existing ones without changing every caller.
 *
 * Every message is `{ type, data }`; the background answers `{ ok: true, value }` or
 * `{ ok: false, error: { message } }` (never a thrown error across the boundary).
 */
import type { Override } from '../overrides/types.ts';

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
}

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
  importOverrides: { data: { json: string }; value: { imported: number } };
}

export type MessageType = keyof ProtocolMap;
export type Message<K extends MessageType = MessageType> = K extends MessageType
  ? { type: K; data: ProtocolMap[K]['data'] }
  : never;
export type Reply<K extends MessageType> =
  { ok: true; value: ProtocolMap[K]['value'] } | { ok: false; error: { message: string } };

/** storage.local key under which the overrides live (the panel and popup may watch it). */
export const OVERRIDES_STORAGE_KEY = 'overrides';
