import { defineConfig } from 'vitest/config';

// The stack suite (`npm run test:stacks`): real frameworks and servers, one at a time, driven by one
// Chromium per file. Sequential: each stack binds its own loopback ports and the machine has 2 cores.
export default defineConfig({
  test: {
    include: ['test/stacks/**/*.stack.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
