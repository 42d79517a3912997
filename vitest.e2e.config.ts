import { defineConfig } from 'vitest/config';
import OverrideMatrixFirst from './test/setup/e2e-order.ts';

// End-to-end tests drive Debian's Chromium (and Firefox ESR) with the built extension against
// loopback servers on port 0. Three files at a time on two cores: most files spend their time
// waiting (on the browser, on learning windows, on service-worker restarts), while the two
// override-matrix files, which start first, keep the cores busy; every file launches its own
// browser on its own temporary profile, so files share nothing.
// `CORS_LENS_E2E_WORKERS=1` runs them one at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: Number(process.env.CORS_LENS_E2E_WORKERS ?? 3),
    sequence: { sequencer: OverrideMatrixFirst },
    // Hang bounds, not speed checks (no assertion depends on wall-clock time).
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
