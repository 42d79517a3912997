// Flask + flask-cors, Django + django-cors-headers, FastAPI: Debian's python3 packages.
import { pythonStacks } from './apps/python.ts';
import { proveStack } from './harness/prove.ts';

for (const s of pythonStacks()) proveStack(s);
