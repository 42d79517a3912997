// nginx, Apache httpd and Caddy in front of an app that sends no CORS headers.
import { webServerStacks } from './apps/web-servers.ts';
import { proveStack } from './harness/prove.ts';

for (const s of webServerStacks()) proveStack(s);
