// Offline replay of the differential suite: the HAR entries and Chromium verdicts recorded from real
// Chromium (test/fixtures/recorded/differential.json) go through the HAR reader and the engine again,
// without a browser. A fast regression guard; test/e2e/differential.e2e.ts keeps it honest live.
// Re-record: npm run build:test && node test/e2e/differential/record.mjs
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  PASSES,
  chromiumOutcome,
  comparePass,
  sameOutcome,
  stripMarks,
} from '../e2e/differential/compare.ts';
import type { Recording } from '../e2e/differential/recording.ts';
import {
  expectCompleteRecording,
  expectFullAgreement,
  expectHonestInference,
} from '../e2e/differential/verdict-checks.ts';

const recording = JSON.parse(
  readFileSync(new URL('../fixtures/recorded/differential.json', import.meta.url), 'utf8'),
) as Recording;

describe('differential replay (recorded from real Chromium)', () => {
  test('the recording is complete and varied', () => {
    expectCompleteRecording(recording);
  });

  test.each(PASSES.filter((p) => p.credentials === 'known'))(
    'the engine agrees with every recorded Chromium verdict (marks: $marks, known credentials)',
    (pass) => expectFullAgreement(comparePass(recording, pass)),
  );

  test.each(PASSES.filter((p) => p.credentials === 'inferred'))(
    'wrong inferences are flagged as depending on credentials (marks: $marks)',
    (pass) =>
      expectHonestInference(
        comparePass(recording, pass),
        comparePass(recording, { ...pass, credentials: 'known' }),
      ),
  );
});

describe('differential comparison helpers', () => {
  test('prediction mode removes verdict marks, keeps the errors of entries without a response', () => {
    const entries = [
      { request: { url: 'http://a/' }, response: { status: 0, _error: 'net::ERR_FAILED' } },
      {
        request: { url: 'http://b/' },
        response: { status: 0, _error: 'net::ERR_TOO_MANY_REDIRECTS' },
      },
      { _error: 'net::ERR_FAILED', request: { url: 'http://c/' }, response: { status: 200 } },
      {
        request: { url: 'http://d/' },
        response: { status: 301, _error: 'net::ERR_INVALID_REDIRECT' },
      },
      {
        request: { url: 'http://e/' },
        response: { status: 0, _error: 'net::ERR_INVALID_REDIRECT' },
      },
    ];
    const stripped = stripMarks(entries) as Array<Record<string, Record<string, unknown>>>;
    expect(stripped.map((e) => e.response!._error)).toEqual([
      null,
      'net::ERR_TOO_MANY_REDIRECTS',
      undefined,
      null,
      'net::ERR_INVALID_REDIRECT',
    ]);
    expect('_error' in stripped[2]!).toBe(false);
    // The input is untouched: the marks pass reads the same array.
    expect(entries[0]!.response._error).toBe('net::ERR_FAILED');
  });

  test('outcomes agree only on the same verdict, reason and failed parameter', () => {
    const blocked = { verdict: 'blocked', reason: 'AllowOriginMismatch', failedParameter: 'null' };
    expect(sameOutcome(blocked, { ...blocked })).toBe(true);
    expect(sameOutcome(blocked, { ...blocked, failedParameter: '' })).toBe(false);
    expect(sameOutcome(blocked, { ...blocked, reason: 'MissingAllowOriginHeader' })).toBe(false);
    expect(sameOutcome({ verdict: 'allowed' }, { verdict: 'not-cors' })).toBe(false);
    const tooMany = { verdict: 'network-error', netError: 'net::ERR_TOO_MANY_REDIRECTS' };
    expect(sameOutcome(tooMany, { verdict: 'network-error', netError: 'net::ERR_FAILED' })).toBe(
      false,
    );
  });

  test("Chromium's verdict: a CORS error blocks, a no-cors request is never CORS-checked", () => {
    const base = recording.cases[0]!;
    const failed = { state: 'failed' as const, finalUrl: base.url, redirects: 0 };
    expect(
      chromiumOutcome({ ...base, chromium: { ...failed, corsError: 'X', failedParameter: 'p' } }),
    ).toEqual({
      verdict: 'blocked',
      reason: 'X',
      failedParameter: 'p',
    });
    expect(
      chromiumOutcome({ ...base, chromium: { ...failed, errorText: 'net::ERR_ABORTED' } }),
    ).toEqual({
      verdict: 'network-error',
      netError: 'net::ERR_ABORTED',
    });
    expect(
      chromiumOutcome({
        ...base,
        mode: 'no-cors',
        chromium: { ...failed, errorText: 'net::ERR_ABORTED' },
      }),
    ).toEqual({ verdict: 'not-cors' });
  });
});
