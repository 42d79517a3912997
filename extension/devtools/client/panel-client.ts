import type { Override } from '../../../src/overrides/types.ts';
import type { OverrideDraft, ProtocolMap } from '../../../src/protocol/messages.ts';

/**
 * A finished request as DevTools reports it: one HAR 1.2 entry, with Chromium's `_error`,
 * `_resourceType`… fields. Kept structural so a HAR file's entries, `getHAR()` and
 * `onRequestFinished` (whose objects also carry a `getContent` method) all fit.
 */
export type NetworkEntry = object;

/**
 * Chromium writes `response._error` on every entry (`null` when nothing failed), live and in HAR
 * files; Firefox never does. Entries with the field carry the browser's own verdict.
 */
export function hasBlockedMarkField(entry: unknown): boolean {
  const response = (entry as { response?: unknown } | null)?.response;
  return typeof response === 'object' && response !== null && '_error' in response;
}

/**
 * Everything the panel needs from the browser, so that the model and the components never touch
 * `chrome.*`: the DevTools adapter implements it inside DevTools, the attached adapter in a
 * popped-out tab, and tests use an in-memory one.
 */
export interface PanelClient {
  /** The inspected tab; undefined when the panel runs without one (HAR files only). */
  readonly tabId?: number;
  /** DevTools' theme; undefined to follow the system (a panel opened in a tab). */
  readonly theme?: 'light' | 'dark';
  /** Opens this panel in a browser tab attached to the same inspected tab (more room). */
  openInTab?(): void;
  /** DevTools' theme changes (the user switched it in DevTools settings). */
  onThemeChanged?(listener: (theme: 'light' | 'dark') => void): () => void;
  /** Requests the tab made before the panel started listening. */
  getHar(): Promise<NetworkEntry[]>;
  onRequestFinished(listener: (entry: NetworkEntry) => void): () => void;
  onNavigated(listener: (url: string) => void): () => void;
  /** The inspected page's URL: the origin of its same-origin requests, which carry no `Origin`. */
  inspectedUrl(): Promise<string | undefined>;
  /** The background's answer, or an Error with its message. */
  send<
    K extends
      'createOverride' | 'updateOverride' | 'listOverrides' | 'getTabState' | 'getCapabilities',
  >(
    type: K,
    data: ProtocolMap[K]['data'],
  ): Promise<ProtocolMap[K]['value']>;
  /**
   * Asks the user for host access (optional permissions). Must be called synchronously from a
   * click: the browser prompts only during a user gesture. Resolves true when granted.
   */
  requestHostAccess(origins: string[]): Promise<boolean>;
  /** Called with the whole list whenever an override is created, changed, paused or expires. */
  onOverridesChanged(listener: (overrides: Override[]) => void): () => void;
}

export type { Override, OverrideDraft };
