import { defineConfig } from 'vitest/config';
import LongestFirst from './test/setup/longest-first.ts';
import { MATRIX_FILES } from './test/setup/matrix-files.ts';

// End-to-end tests drive Debian's Chromium (and Firefox ESR) with the built extension against
// loopback servers on port 0. Three files at a time on two cores: most files spend their time
// waiting (on the browser, on learning windows, on service-worker restarts). The files with the
// default launch borrow their worker's browser, reset between files (harness/browser-pool.ts);
// the others launch their own.
// `CORS_LENS_E2E_WORKERS=1` runs them one at a time. The override matrices are a suite of their
// own (vitest.matrix.config.ts).
export default defineConfig({
  // A cache of its own (durations for the sequencer): `npm test` runs this suite beside the unit
  // one, and two runs writing one cache file keep only the last one's results.
  cacheDir: 'node_modules/.vite/e2e',
  test: {
    // Transformed modules kept on disk between runs (keyed by content and config): on a second
    // run the unit suite needs 18 s less CPU (109 → 91 s measured), the first one pays as before.
    experimental: { fsModuleCache: true },
    include: ['test/e2e/**/*.e2e.ts'],
    exclude: MATRIX_FILES,
    // Node's, and the worker's pooled browser closed when the worker stops (see the file).
    environment: './test/setup/e2e-environment.ts',
    pool: 'forks',
    // A worker process runs one file after another without re-importing Playwright, Puppeteer and
    // the harness for each (measured: 1 s of CPU per file, a quarter of a short file's time). Files
    // share nothing else but the pooled browser, reset between them: each one starts and closes its
    // own servers, and none changes process-wide state (env, globals, module mocks).
    isolate: false,
    sequence: { sequencer: LongestFirst },
    maxWorkers: Number(process.env.CORS_LENS_E2E_WORKERS ?? 3),
    // Hang bounds, not speed checks (no assertion depends on wall-clock time).
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
