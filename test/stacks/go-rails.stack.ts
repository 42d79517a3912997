// Go net/http + rs/cors and Rails + rack-cors, from Debian's packages.
import { goRailsStacks } from './apps/go-rails.ts';
import { proveStack } from './harness/prove.ts';

for (const s of goRailsStacks()) proveStack(s);
