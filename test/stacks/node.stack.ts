// Express + cors, Fastify + @fastify/cors, Koa + @koa/cors: ES module and CommonJS snippets.
import { nodeStacks } from './apps/node.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
for (const s of nodeStacks()) proveStack(s, env);
