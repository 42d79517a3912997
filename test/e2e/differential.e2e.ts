// The differential suite: every case of the scenario matrix runs in real Chromium, once, and two
// checks read that one recording (each live run costs a DevTools window and 300 requests):
// - the engine: Chromium's own verdict (CDP corsErrorStatus) is compared with the engine's,
//   computed from the HAR entries the extension's devtools page received. Agreement is reported for
//   four passes: with Chromium's `_error` marks and without them (prediction), with the credentials
//   mode given and inferred.
// - `cors-lens check`: it probes the same routes over HTTP, and must agree with Chromium on the
//   verdict and reason of every case, and on the failed parameter except where the request had
//   several disallowed headers (Chromium names the first in its header hash map's order;
//   docs/differential.md).
// Re-record the offline fixture with: node test/e2e/differential/record.mjs
import { beforeAll, describe, expect, test } from 'vitest';
import { useBrowser } from './harness/index.ts';
import { CASES } from './differential/cases.ts';
import {
  disagreementTable,
  runChecks,
  wireTable,
  type CheckRun,
} from './differential/check-run.ts';
import {
  agreementLine,
  comparePass,
  PASSES,
  report,
  type PassResult,
} from './differential/compare.ts';
import { runLive, type LiveRecording } from './differential/live-run.ts';
import {
  expectCompleteRecording,
  expectFullAgreement,
  expectHonestInference,
} from './differential/verdict-checks.ts';

const browser = useBrowser({ devtools: true });
let recording: LiveRecording;

beforeAll(async () => {
  const started = Date.now();
  recording = await runLive(CASES, { browser });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `differential: ${recording.cases.length} cases, ${recording.entries.length} HAR entries, ${seconds} s`,
  );
}, 180_000);

describe('differential: the engine against real Chromium', () => {
  let results: PassResult[];

  beforeAll(() => {
    results = PASSES.map((pass) => comparePass(recording, pass));
    console.log(report(results));
  });

  test('every case settled in Chromium and reached the devtools page', () => {
    expectCompleteRecording(recording);
    // The page saw a failure exactly when Chromium reported one (CORS verdicts are not guesses).
    const mismatched = recording.cases.filter(
      (c) => c.mode === 'cors' && (c.page.status === 0) !== (c.chromium.state === 'failed'),
    );
    expect(mismatched.map((c) => c.id)).toEqual([]);
  });

  test.each(PASSES.filter((p) => p.credentials === 'known'))(
    'agrees on every verdict, reason and failed parameter (marks: $marks, known credentials)',
    (pass) => {
      const result = results.find((r) => r.pass === pass)!;
      console.log(agreementLine(result));
      expectFullAgreement(result);
    },
  );

  test.each(PASSES.filter((p) => p.credentials === 'inferred'))(
    'infers credentials honestly (marks: $marks)',
    (pass) => {
      const result = results.find((r) => r.pass === pass)!;
      const known = results.find(
        (r) => r.pass.marks === pass.marks && r.pass.credentials === 'known',
      )!;
      console.log(agreementLine(result));
      expectHonestInference(result, known);
    },
  );
});

describe('differential: cors-lens check against live Chromium', () => {
  let run: CheckRun;

  beforeAll(async () => {
    // What went on the wire comes from CDP, not the HAR: DevTools can add a redirected preflight's
    // entry long after the request (a case's Chromium side was once empty under load).
    const sent = recording.wire.map((request) => ({ request }));
    run = await runChecks(CASES, recording.cases, recording.origins, sent);
    console.log(
      `cors-lens check vs live Chromium: ${run.agreeing}/${run.total} agree on verdict, reason and failed parameter\n${disagreementTable(run)}`,
    );
  }, 180_000);

  test('agrees on every verdict and reason, and on the failed parameter up to header order', () => {
    expect(disagreementTable(run, false)).toBe('');
    const orderOnly = run.results.filter((r) => r.otherDisallowedHeader).length;
    expect(run.agreeing + orderOnly).toBe(CASES.length);
    expect(run.results.filter((r) => r.exit !== 0).map((r) => r.id)).toEqual([]);
  });

  test('puts on the wire what Chromium did: requests, Origin, preflight and Sec-Fetch headers', () => {
    expect(wireTable(run)).toBe('');
  });
});
