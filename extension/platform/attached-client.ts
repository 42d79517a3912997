import type { NetworkEntry, PanelClient } from '../devtools/client/panel-client.ts';
import { requestHostAccess, watchOverrides } from './host-access.ts';
import { client } from './messaging.ts';
import { feedPortName, type FeedMessage } from './network-feed.ts';

/**
 * The panel in an ordinary tab, attached to another tab's DevTools: the devtools page of that tab
 * streams its network log over a port (see network-feed.ts). DevTools must be open on that tab.
 */
export function createAttachedClient(tabId: number): PanelClient {
  const entryListeners = new Set<(entry: NetworkEntry) => void>();
  const navigationListeners = new Set<(url: string) => void>();
  let snapshot: Extract<FeedMessage, { type: 'har' }> | undefined;
  let resolveSnapshot: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (resolveSnapshot = resolve));
  let lastError: string | undefined;

  const port = chrome.runtime.connect({ name: feedPortName(tabId) });
  port.onMessage.addListener((message: FeedMessage) => {
    if (message.type === 'har') {
      snapshot = message;
      resolveSnapshot?.();
    } else if (message.type === 'entry') {
      for (const listener of entryListeners) listener(message.entry);
    } else if (message.type === 'navigated') {
      for (const listener of navigationListeners) listener(message.url);
    }
  });
  port.onDisconnect.addListener(() => {
    lastError = chrome.runtime.lastError?.message ?? 'DevTools closed on the inspected tab.';
    resolveSnapshot?.();
  });

  return {
    tabId,
    async getHar() {
      await ready;
      if (!snapshot) throw new Error(`No DevTools on tab ${tabId}: ${lastError ?? ''}`);
      return snapshot.entries;
    },
    onRequestFinished(listener) {
      entryListeners.add(listener);
      return () => entryListeners.delete(listener);
    },
    onNavigated(listener) {
      navigationListeners.add(listener);
      return () => navigationListeners.delete(listener);
    },
    async inspectedUrl() {
      await ready;
      return snapshot?.url;
    },
    send: (type, data) => client.call(type, data),
    requestHostAccess,
    onOverridesChanged: watchOverrides,
  };
}
