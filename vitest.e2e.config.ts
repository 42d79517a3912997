import { defineConfig } from 'vitest/config';
import { MATRIX_FILES } from './test/setup/matrix-files.ts';

// End-to-end tests drive Debian's Chromium (and Firefox ESR) with the built extension against
// loopback servers on port 0. Three files at a time on two cores: most files spend their time
// waiting (on the browser, on learning windows, on service-worker restarts); every file launches
// its own browser on its own temporary profile, so files share nothing.
// `CORS_LENS_E2E_WORKERS=1` runs them one at a time. The override matrices are a suite of their
// own (vitest.matrix.config.ts).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    exclude: MATRIX_FILES,
    environment: 'node',
    pool: 'forks',
    maxWorkers: Number(process.env.CORS_LENS_E2E_WORKERS ?? 3),
    // Hang bounds, not speed checks (no assertion depends on wall-clock time).
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
