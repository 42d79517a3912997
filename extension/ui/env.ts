/**
 * Everything popup and options components may ask of the outside world. Components receive a PageEnv
 * (extension/platform/page-env.ts in the extension, an in-memory one in tests) and import no
 * browser API themselves.
 */
import type { ProtocolClient } from '../../src/protocol/client.ts';

export interface PageEnv {
  client: ProtocolClient;
  /** The tab the popup is about: the active tab, or `?tabId=` when a test opens the page. */
  activeTabId(): Promise<number | undefined>;
  /** permissions.request for host patterns; call it synchronously inside a click handler. */
  requestHostAccess(origins: string[]): Promise<boolean>;
  openOptions(): Promise<void>;
  /** Calls back when the stored overrides change; returns the unsubscribe function. */
  onOverridesChanged(listener: () => void): () => void;
  now(): number;
}
