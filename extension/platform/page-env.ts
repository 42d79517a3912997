/**
 * What the popup and the options page need from the browser besides messages, behind one interface
 * (extension/ui/env.ts) so their components are tested without a browser.
 */
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import type { PageEnv } from '../ui/env.ts';
import { browser } from './browser.ts';
import { client } from './messaging.ts';

export const pageEnv: PageEnv = {
  client,
  async activeTabId() {
    const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
    // ?tabId= lets tests and scripts open the popup page as a tab for a given tab.
    if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  },
  // Must be called straight from a click handler: the browser asks only during a user gesture.
  // The background hears first (not awaited: that would end the gesture) that CORS Lens asks, so
  // it can give back later exactly what was granted here and nothing the user granted elsewhere.
  requestHostAccess: (origins) => {
    void client.call('expectHostAccess', { origins }).catch(() => undefined);
    return browser.permissions.request({ origins });
  },
  openOptions: () => browser.runtime.openOptionsPage(),
  onOverridesChanged(listener) {
    const handler = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && OVERRIDES_STORAGE_KEY in changes) listener();
    };
    browser.storage.onChanged.addListener(handler);
    return () => browser.storage.onChanged.removeListener(handler);
  },
  now: () => Date.now(),
};
