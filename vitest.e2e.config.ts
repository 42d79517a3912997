import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium (and Firefox ESR) with the built extension against
// loopback servers on port 0. Two files at a time: most of a file's time is spent waiting (on the
// browser, on learning windows, on service-worker restarts), so a second browser fills the gaps;
// every file launches its own browser on its own temporary profile, so files share nothing.
// `CORS_LENS_E2E_WORKERS=1` runs them one at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: Number(process.env.CORS_LENS_E2E_WORKERS ?? 2),
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
