// The assertions both the live suite and the offline replay make on a comparison.
import { expect } from 'vitest';
import { disagreementTable, passName, type PassResult } from './compare.ts';
import type { Recording } from './recording.ts';

/** Below this the matrix no longer exercises enough of Chromium's decision procedure. */
export const MIN_CASES = 150;
export const MIN_DISTINCT_CORS_ERRORS = 18;

/** The recording is complete: every case settled in Chromium and left HAR entries behind. */
export function expectCompleteRecording(recording: Recording): void {
  expect(recording.cases.length).toBeGreaterThanOrEqual(MIN_CASES);
  const pending = recording.cases.filter((c) => c.chromium.state === 'pending').map((c) => c.id);
  expect(pending, 'cases Chromium never settled').toEqual([]);
  const urls = new Set(
    recording.entries.map((e) => (e as { request?: { url?: string } }).request?.url),
  );
  const withoutEntries = recording.cases.filter((c) => !urls.has(c.url)).map((c) => c.id);
  expect(withoutEntries, 'cases without any HAR entry').toEqual([]);
  const errors = new Set(recording.cases.map((c) => c.chromium.corsError).filter(Boolean));
  expect(errors.size, `distinct CorsErrors seen: ${[...errors].join(', ')}`).toBeGreaterThanOrEqual(
    MIN_DISTINCT_CORS_ERRORS,
  );
  const allowed = recording.cases.filter((c) => c.chromium.state === 'finished').length;
  expect(allowed, 'allowed cases').toBeGreaterThanOrEqual(40);
}

/** With the credentials mode given, the engine must agree with Chromium on every case. */
export function expectFullAgreement(result: PassResult): void {
  expect(
    result.disagreements.map((d) => d.id),
    `${passName(result.pass)}: the engine disagrees with Chromium\n${disagreementTable(result.disagreements, false)}`,
  ).toEqual([]);
}

/**
 * Inferring credentials from a HAR file cannot always succeed (a blocked preflight carries no
 * cookies). Where the engine gets a case wrong only because it had to infer the mode (it is right
 * when told, in `known`), it must at least say its verdict depends on the mode.
 */
export function expectHonestInference(inferred: PassResult, known: PassResult): void {
  const rightWhenTold = new Set(known.results.filter((r) => r.agrees).map((r) => r.id));
  const silent = inferred.disagreements.filter(
    (d) => rightWhenTold.has(d.id) && !d.dependsOnCredentials,
  );
  expect(
    silent.map((d) => d.id),
    `${passName(inferred.pass)}: wrong without saying the verdict depends on credentials\n${disagreementTable(silent)}`,
  ).toEqual([]);
}
