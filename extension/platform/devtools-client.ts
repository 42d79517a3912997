import type { PanelClient } from '../devtools/client/panel-client.ts';
import { getHarEntries, inspectedPageUrl } from './devtools-calls.ts';
import { requestHostAccess, watchOverrides } from './host-access.ts';
import { client } from './messaging.ts';
import { followStoppedRequests } from './stopped-requests.ts';

/** The panel inside DevTools: `chrome.devtools.*` for the inspected tab, messaging for overrides. */
export function createDevtoolsClient(): PanelClient {
  const devtools = chrome.devtools;
  const tabId = devtools.inspectedWindow.tabId;
  return {
    tabId,
    theme: devtools.panels.themeName === 'dark' ? 'dark' : 'light',
    openInTab() {
      const url = chrome.runtime.getURL(`extension/devtools/panel.html?tab=${tabId}`);
      void chrome.tabs.create({ url });
    },
    onThemeChanged(listener) {
      const panels = devtools.panels as Partial<typeof devtools.panels>;
      if (!panels.setThemeChangeHandler) return () => {};
      panels.setThemeChangeHandler((theme) => listener(theme === 'dark' ? 'dark' : 'light'));
      return () => panels.setThemeChangeHandler?.();
    },
    getHar: getHarEntries,
    onRequestFinished(listener) {
      // Firefox skips requests stopped by their preflight; they are read from the log.
      const handler = followStoppedRequests(getHarEntries, listener);
      devtools.network.onRequestFinished.addListener(handler);
      return () => devtools.network.onRequestFinished.removeListener(handler);
    },
    onNavigated(listener) {
      devtools.network.onNavigated.addListener(listener);
      return () => devtools.network.onNavigated.removeListener(listener);
    },
    inspectedUrl: inspectedPageUrl,
    send: (type, data) => client.call(type, data),
    requestHostAccess,
    onOverridesChanged: watchOverrides,
  };
}
