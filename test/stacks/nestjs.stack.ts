// NestJS (app.enableCors on the Express platform), from test/stacks/nestjs.
import { nestjs } from './apps/nestjs.ts';
import { proveStack, useStackBrowser } from './harness/prove.ts';

const env = useStackBrowser();
proveStack(nestjs, env);
