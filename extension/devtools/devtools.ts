// The devtools page runs once per DevTools window. It registers the CORS panel (the panel page does
// the work) and serves the inspected tab's network log to a panel opened in an ordinary tab.
import { serveNetworkFeed } from './client/network-feed.ts';

chrome.devtools.panels.create('CORS', '/icons/icon-32.png', '/extension/devtools/panel.html');
serveNetworkFeed();
