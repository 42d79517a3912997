// Go net/http + rs/cors and Rails + rack-cors, from Debian's packages.
import { goRailsStacks } from './apps/go-rails.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
for (const s of goRailsStacks()) proveStack(s, env);
