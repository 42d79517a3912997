// The end-to-end workers' test environment: Node's, plus closing the worker's pooled browser
// (test/e2e/harness/browser-pool.ts) when the worker stops. vitest sets an environment up once
// per worker and tears it down at the worker's end, which no test file's hook can see.
import { builtinEnvironments, type Environment } from 'vitest/environments';
import { closePool } from '../e2e/harness/browser-pool.ts';

const node = builtinEnvironments.node;

export default {
  name: 'e2e-node',
  viteEnvironment: node.viteEnvironment,
  async setup(global, options) {
    const nodeSetup = await node.setup(global, options);
    return {
      async teardown(global) {
        await closePool();
        await nodeSetup.teardown(global);
      },
    };
  },
} satisfies Environment;
