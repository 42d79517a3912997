// Next.js middleware (as generated, and as proxy.ts on Next.js 16), from test/stacks/nextjs.
import { nextStacks } from './apps/nextjs.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
for (const s of nextStacks()) proveStack(s, env);
