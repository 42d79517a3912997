/**
 * What the popup and the options page need from the browser besides messages, behind one interface
 * (extension/ui/env.ts) so their components are tested without a browser.
 */
import type { PageEnv } from '../ui/env.ts';
import { browser } from './browser.ts';
import { onOverridesStored, requestHostAccess } from './host-access.ts';
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
  requestHostAccess,
  openOptions: () => browser.runtime.openOptionsPage(),
  onOverridesChanged: onOverridesStored,
  now: () => Date.now(),
};
