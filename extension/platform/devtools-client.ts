import type { PanelClient } from '../devtools/client/panel-client.ts';
import { getHarEntries, inspectedPageUrl } from './devtools-calls.ts';
import { requestHostAccess, watchOverrides } from './host-access.ts';
import { client } from './messaging.ts';
import { createUnansweredWatch } from './stopped-requests.ts';

/** The panel inside DevTools: `chrome.devtools.*` for the inspected tab, messaging for overrides. */
export function createDevtoolsClient(): PanelClient {
  const devtools = chrome.devtools;
  const tabId = devtools.inspectedWindow.tabId;
  // Firefox reports neither requests stopped by their preflight nor those that got no response.
  const unanswered = createUnansweredWatch(getHarEntries);
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
    getHar: unanswered.snapshot,
    onRequestFinished(listener) {
      const handler = unanswered.follow(listener);
      devtools.network.onRequestFinished.addListener(handler);
      const stopPolling = unanswered.poll(listener);
      return () => {
        devtools.network.onRequestFinished.removeListener(handler);
        stopPolling();
      };
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
