// The end-to-end workers' test environment: Node's, plus the worker's browser pool
// (test/e2e/harness/browser-pool.ts): enabled when the worker starts, closed when it stops.
// vitest sets an environment up once per worker and tears it down at the worker's end, which no
// test file's hook can see.
import { builtinEnvironments, type Environment } from 'vitest/environments';
import { closePool, enablePool } from '../e2e/harness/browser-pool.ts';

const node = builtinEnvironments.node;

export default {
  name: 'e2e-node',
  viteEnvironment: node.viteEnvironment,
  async setup(global, options) {
    const nodeSetup = await node.setup(global, options);
    enablePool();
    return {
      async teardown(global) {
        await closePool();
        await nodeSetup.teardown(global);
      },
    };
  },
} satisfies Environment;
