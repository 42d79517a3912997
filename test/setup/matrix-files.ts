// The conformance matrices: every case of an override matrix fetched in real Chromium, and the
// whole matrix through the model twin (test/unit/overrides/matrix.test.ts, the unit suite's longest
// file by far). They are most of the test CPU time (test/README.md), so they run as their own suite,
// `npm run test:matrix` (a CI step of its own, like the stack suite), and `npm test` stays the
// few-minute loop a developer runs before every commit.
export const MATRIX_FILES = [
  'test/unit/overrides/matrix.test.ts',
  'test/e2e/override-rules.e2e.ts',
  'test/e2e/override-rules-off.e2e.ts',
  'test/e2e/relax-first-matrix.e2e.ts',
];
