// Express + cors, Fastify + @fastify/cors, Koa + @koa/cors: ES module and CommonJS snippets.
import { nodeStacks } from './apps/node.ts';
import { proveStack } from './harness/prove.ts';

for (const s of nodeStacks()) proveStack(s);
