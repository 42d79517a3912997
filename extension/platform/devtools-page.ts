import { reportFailedPreflights } from './failed-preflight-reports.ts';
import { serveNetworkFeed } from './network-feed.ts';

/**
 * The devtools page's whole job, run once per DevTools window: register the CORS panel (the panel
 * page does the work), serve the inspected tab's network log to a panel opened in a tab, and
 * report the tab's failed preflights for learning.
 */
export function startDevtoolsPage(): void {
  chrome.devtools.panels.create('CORS', '/icons/icon-32.png', '/extension/devtools/panel.html');
  serveNetworkFeed();
  reportFailedPreflights();
}
