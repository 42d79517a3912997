import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium with the built extension (dist-test/) against loopback
// servers. One file at a time: each launches its own browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
