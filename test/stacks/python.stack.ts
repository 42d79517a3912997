// Flask + flask-cors, Django + django-cors-headers, FastAPI: Debian's python3 packages.
import { pythonStacks } from './apps/python.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
for (const s of pythonStacks()) proveStack(s, env);
