// `cors-lens check` against every case of the Chromium differential suite, offline: the loopback
// servers answer as they did when Chromium was recorded (test/fixtures/recorded/differential.json),
// `check` probes them over real HTTP, and its verdict, reason and failed parameter must equal
// Chromium's recorded ones. test/e2e/check-differential.e2e.ts does the same against a live Chromium.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CASES } from '../../e2e/differential/cases.ts';
import { disagreementTable, runChecks } from '../../e2e/differential/check-run.ts';
import type { Recording } from '../../e2e/differential/recording.ts';

const recording = JSON.parse(
  readFileSync(new URL('../../fixtures/recorded/differential.json', import.meta.url), 'utf8'),
) as Recording;

test('check agrees with every recorded Chromium verdict and reason, and names the same failed parameter up to header order', async () => {
  expect(recording.cases.length).toBe(CASES.length);
  const run = await runChecks(CASES, recording.cases, recording.origins);
  console.log(
    `cors-lens check vs recorded Chromium: ${run.agreeing}/${run.total} agree on verdict, reason and failed parameter\n${disagreementTable(run)}`,
  );
  // Every verdict and reason agrees; a failed parameter differs only where the request had several
  // disallowed headers and check named another of them (Chromium's hash-map order, not knowable).
  expect(disagreementTable(run, false)).toBe('');
  const orderOnly = run.results.filter((r) => r.otherDisallowedHeader).length;
  expect(run.agreeing + orderOnly).toBe(CASES.length);
  expect(orderOnly).toBeLessThanOrEqual(7);
  // Nothing here is a transport failure: every exit is 0 (no --fail-on-blocked).
  expect(run.results.filter((r) => r.exit !== 0).map((r) => r.id)).toEqual([]);
}, 120_000);
