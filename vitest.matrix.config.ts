import { defineConfig } from 'vitest/config';
import { MATRIX_FILES } from './test/setup/matrix-files.ts';

// The override matrices in real Chromium (test/setup/matrix-files.ts): all three at once, each in
// its own browser; they keep both cores busy, so a fourth worker would only slow them down.
export default defineConfig({
  test: {
    include: MATRIX_FILES,
    environment: 'node',
    pool: 'forks',
    maxWorkers: 3,
    // Hang bounds, not speed checks (no assertion depends on wall-clock time).
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
