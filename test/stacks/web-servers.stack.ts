// nginx, Apache httpd and Caddy in front of an app that sends no CORS headers.
import { webServerStacks } from './apps/web-servers.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
for (const s of webServerStacks()) proveStack(s, env);
