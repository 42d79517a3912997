import { defineConfig } from 'vitest/config';

// The stack suite (`npm run test:stacks`): real frameworks and servers, driven by one Chromium per
// file. Every server binds its own free loopback port, so two files can run side by side.
export default defineConfig({
  test: {
    include: ['test/stacks/**/*.stack.ts'],
    environment: 'node',
    // Two files at a time: much of a stack's time is waiting for its server or the browser.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
