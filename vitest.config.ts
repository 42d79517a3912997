import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import LongestFirst from './test/setup/longest-first.ts';
import { MATRIX_FILES } from './test/setup/matrix-files.ts';

// Three projects, so each file gets only the environment it needs and module imports are paid once
// per worker rather than once per file (`isolate: false`): on two cores, re-importing the engine
// for each of ~80 files cost about half of the unit run. Files that replace a module (`vi.mock`)
// run isolated; everything else must clean up what it changes (timers, stubbed globals).
// Those files run in a process of their own.
/** The built command line run as a subprocess: dist-cli/ is built once, before them. */
const CLI_SUBPROCESS = [
  'test/unit/cli/subprocess.test.ts',
  'test/unit/cli/big-har.test.ts',
  'test/unit/cli/check-subprocess.test.ts',
];
const ISOLATED = ['test/ui/panel/host-access.test.ts', 'test/extension/messaging-client.test.ts'];

export default defineConfig({
  plugins: [preact()],
  test: {
    // Transformed modules kept on disk between runs (keyed by content and config): on a second
    // run the unit suite needs 18 s less CPU (109 → 91 s measured), the first one pays as before.
    experimental: { fsModuleCache: true },
    pool: 'threads',
    // Two workers even on a busy two-core machine: a test waiting on a subprocess or a timer
    // leaves the core to the other one. No assertion depends on wall-clock speed.
    maxWorkers: 2,
    unstubGlobals: true,
    // The project with the longest files first: see the file.
    sequence: { sequencer: LongestFirst },
    // Timeouts catch hangs, not slowness: on a two-core machine shared with other CPU-bound work a
    // test can run 20 times slower than alone (measured: 1.4 s alone, 41 s at load 23).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          // The model twin's whole override matrix runs with the other matrices (npm run test:matrix).
          exclude: [...ISOLATED, ...CLI_SUBPROCESS, ...MATRIX_FILES],
          environment: 'node',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.{ts,tsx}', 'test/extension/**/*.test.tsx'],
          exclude: ISOLATED,
          // Testing Library's 1 s wait for an element is a hang bound here too (see the file).
          setupFiles: ['test/setup/testing-library.ts'],
          // happy-dom only for the files that render (their `@vitest-environment` docblock): it
          // replaces globals such as URL, which the others use the Node way.
          environment: 'node',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'extension',
          include: ['test/extension/**/*.test.ts'],
          exclude: ISOLATED,
          environment: 'node',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'cli',
          include: CLI_SUBPROCESS,
          environment: 'node',
          isolate: false,
          // Runs only when one of these files is in the run.
          globalSetup: ['test/setup/build-cli.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ISOLATED,
          environment: 'node',
          pool: 'forks',
          isolate: true,
        },
      },
    ],
  },
});
