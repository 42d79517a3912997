// `cors-lens check` against every case of the Chromium differential suite, offline: the loopback
// servers answer as they did when Chromium was recorded (test/fixtures/recorded/differential.json),
// `check` probes them over real HTTP through the CLI, and (1) its verdict, reason and failed
// parameter must equal Chromium's recorded ones, (2) the requests the servers received must be the
// ones Chromium sent, with the same Origin, preflight and Sec-Fetch headers.
// test/e2e/differential.e2e.ts does the same against a live Chromium run.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { CASES } from '../../e2e/differential/cases.ts';
import {
  disagreementTable,
  runChecks,
  wireTable,
  type CheckRun,
} from '../../e2e/differential/check-run.ts';
import type { Recording } from '../../e2e/differential/recording.ts';

const recording = JSON.parse(
  readFileSync(new URL('../../fixtures/recorded/differential.json', import.meta.url), 'utf8'),
) as Recording;

let run: CheckRun;

beforeAll(async () => {
  expect(recording.cases.length).toBe(CASES.length);
  run = await runChecks(CASES, recording.cases, recording.origins, recording.entries);
  console.log(
    `cors-lens check vs recorded Chromium: ${run.agreeing}/${run.total} agree on verdict, reason and failed parameter; wire identical in ${run.total - run.wireDifferences.length}/${run.total} cases\n${disagreementTable(run)}`,
  );
}, 120_000);

test('check agrees with every recorded Chromium verdict and reason, and names the same failed parameter up to header order', () => {
  // A failed parameter may differ only where the request had several disallowed headers and check
  // named another of them (Chromium's header hash-map order is not on the wire).
  expect(disagreementTable(run, false)).toBe('');
  const orderOnly = run.results.filter((r) => r.otherDisallowedHeader).length;
  expect(run.agreeing + orderOnly).toBe(CASES.length);
  expect(orderOnly).toBeLessThanOrEqual(7);
  // Nothing here is a transport failure: every exit is 0 (no --fail-on-blocked).
  expect(run.results.filter((r) => r.exit !== 0).map((r) => r.id)).toEqual([]);
});

test('check puts on the wire what Chromium did: the same requests, Origin, preflight and Sec-Fetch headers', () => {
  expect(wireTable(run)).toBe('');
});
