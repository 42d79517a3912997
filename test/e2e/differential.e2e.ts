// The differential suite: every case of the scenario matrix runs in real Chromium; Chromium's own
// verdict (CDP corsErrorStatus) is compared with the engine's, computed from the HAR entries the
// extension's devtools page received. Agreement is reported for four passes: with Chromium's
// `_error` marks and without them (prediction), with the credentials mode given and inferred.
// Re-record the offline fixture with: node test/e2e/differential/record.mjs
import { beforeAll, describe, expect, test } from 'vitest';
import { useBrowser } from './harness/index.ts';
import { CASES } from './differential/cases.ts';
import {
  agreementLine,
  comparePass,
  PASSES,
  report,
  type PassResult,
} from './differential/compare.ts';
import { runLive } from './differential/live-run.ts';
import type { Recording } from './differential/recording.ts';
import {
  expectCompleteRecording,
  expectFullAgreement,
  expectHonestInference,
} from './differential/verdict-checks.ts';

describe('differential: the engine against real Chromium', () => {
  const browser = useBrowser({ devtools: true });
  let recording: Recording;
  let results: PassResult[];

  beforeAll(async () => {
    const started = Date.now();
    recording = await runLive(CASES, { browser });
    results = PASSES.map((pass) => comparePass(recording, pass));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `differential: ${recording.cases.length} cases, ${recording.entries.length} HAR entries, ${seconds} s\n${report(results)}`,
    );
  }, 120_000);

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
