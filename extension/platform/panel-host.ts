import type { PanelClient } from '../devtools/client/panel-client.ts';
import { createAttachedClient } from './attached-client.ts';
import { createDevtoolsClient } from './devtools-client.ts';

/**
 * Three ways to run the same panel: inside DevTools (the page has `chrome.devtools`); in a tab
 * attached to another tab's DevTools (`?tab=<id>`); or alone, for HAR files and pasted console
 * errors (undefined).
 */
export function panelClientForThisPage(): PanelClient | undefined {
  if (typeof chrome !== 'undefined' && chrome.devtools?.inspectedWindow)
    return createDevtoolsClient();
  const tab = Number(new URLSearchParams(location.search).get('tab'));
  return Number.isInteger(tab) && tab > 0 ? createAttachedClient(tab) : undefined;
}
