// The devtools page runs once per DevTools window: it registers the CORS panel and serves the
// inspected tab's network log to a panel opened in an ordinary tab (extension/platform/).
import { startDevtoolsPage } from '../platform/devtools-page.ts';

startDevtoolsPage();
