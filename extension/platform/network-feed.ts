import { getHarEntries, inspectedPageUrl } from './devtools-calls.ts';
import type { NetworkEntry } from '../devtools/client/panel-client.ts';
import { followStoppedRequests } from './stopped-requests.ts';

/**
 * The devtools page of a tab forwards what `chrome.devtools.network` reports over a runtime port,
 * so the panel can also run in an ordinary tab ("Open in a tab", and end-to-end tests, which cannot
 * reach the DevTools window). One port per listening panel; the devtools page answers only ports
 * named for its own inspected tab.
 */
export type FeedMessage =
  | { type: 'har'; entries: NetworkEntry[]; url?: string; theme: 'light' | 'dark' }
  | { type: 'entry'; entry: NetworkEntry }
  | { type: 'navigated'; url: string };

const PREFIX = 'cors-lens-network:';

export function feedPortName(tabId: number): string {
  return `${PREFIX}${tabId}`;
}

/** Devtools page side: serves every port named for this tab until it disconnects. */
export function serveNetworkFeed(): void {
  const devtools = chrome.devtools;
  const tabId = devtools.inspectedWindow.tabId;
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== feedPortName(tabId)) return;
    let open = true;
    const post = (message: FeedMessage) => {
      if (open) port.postMessage(message);
    };
    // Firefox skips requests stopped by their preflight; they are read from the log.
    const onEntry = followStoppedRequests(getHarEntries, (request) =>
      post({ type: 'entry', entry: plain(request) }),
    );
    const onNavigated = (url: string) => post({ type: 'navigated', url });
    // Subscribe first, then snapshot: an entry may show twice (the assembler keys by entry), but
    // none falls between the two.
    devtools.network.onRequestFinished.addListener(onEntry);
    devtools.network.onNavigated.addListener(onNavigated);
    port.onDisconnect.addListener(() => {
      open = false;
      devtools.network.onRequestFinished.removeListener(onEntry);
      devtools.network.onNavigated.removeListener(onNavigated);
    });
    void Promise.all([getHarEntries(), inspectedPageUrl()]).then(([entries, url]) =>
      post({
        type: 'har',
        entries: entries.map(plain),
        url,
        theme: devtools.panels.themeName === 'dark' ? 'dark' : 'light',
      }),
    );
  });
}

/** Drops methods (`getContent`) and the body text: ports carry JSON, and bodies are not needed. */
function plain(entry: object): NetworkEntry {
  return JSON.parse(
    JSON.stringify(entry, (key, value: unknown) =>
      key === 'text' || key === 'content' ? undefined : value,
    ),
  ) as NetworkEntry;
}
