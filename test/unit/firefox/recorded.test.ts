/**
 * The engine against what real Firefox printed and exported (test/fixtures/firefox, recorded by
 * test/e2e/firefox/record.ts with firefox-esr): console reasons map to the Chromium reason of the
 * same exchange, and Firefox's HAR reads into the same diagnoses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  diagnose,
  explainConsoleMessage,
  firefoxReasonToCorsError,
  type CorsErrorName,
  type Exchange,
} from '../../../src/cors/index.ts';
import { readHar } from '../../../src/har/index.ts';
import { firefoxCases, sameVerdict } from '../../e2e/firefox/cases.ts';

interface RecordedCase {
  name: string;
  chromium: CorsErrorName;
  firefox: string;
  url: string;
  verdict: string;
  lines: string[];
  exchange: Exchange;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/firefox/${name}`, import.meta.url), 'utf8');
const recorded = JSON.parse(fixture('console-verdicts.json')) as {
  browser: string;
  pageOrigin: string;
  cases: RecordedCase[];
};

describe('recorded Firefox console verdicts', () => {
  test('the recording covers the current cases, from a real Firefox', () => {
    expect(recorded.browser).toMatch(/^firefox\/\d+\./);
    expect(recorded.cases.map((c) => c.name)).toEqual(firefoxCases('x').map((c) => c.name));
  });

  test.each(recorded.cases.map((c) => [c.name, c] as const))(
    '%s: the console reason maps to the Chromium reason',
    (_, c) => {
      const explained = explainConsoleMessage(c.verdict);
      expect(explained).toMatchObject({ source: 'firefox', url: c.url });
      const reason = 'reason' in explained ? explained.reason : undefined;
      expect(reason).toBe(firefoxReasonToCorsError(c.firefox));
      expect(sameVerdict(reason, c.chromium), `${reason} vs ${c.chromium}`).toBe(true);
      if ('diagnosis' in explained) {
        expect(explained.diagnosis.verdict).toBe('blocked');
        expect(explained.diagnosis.summary).not.toBe('');
      }
    },
  );

  test.each(recorded.cases.map((c) => [c.name, c] as const))(
    '%s: the engine diagnoses the recorded exchange as Chromium would',
    (_, c) => {
      expect(diagnose(c.exchange).reason).toBe(c.chromium);
    },
  );

  test('a failed preflight, and only that, is followed by a generic "did not succeed" line', () => {
    const preflighted = recorded.cases.filter((c) => c.exchange.legs[0]?.preflight);
    expect(preflighted.length).toBeGreaterThan(0);
    for (const c of recorded.cases.filter((c) => !c.exchange.legs[0]?.preflight)) {
      expect(c.lines).toEqual([c.verdict]);
    }
    for (const c of preflighted) {
      expect(c.lines).toHaveLength(2);
      const followUp = c.lines.find((l) => l !== c.verdict)!;
      expect(followUp).toMatch(
        /\(Reason: CORS request did not succeed\)\. Status code: \(null\)\.$/,
      );
      const explained = explainConsoleMessage(followUp);
      // Not a CORS reason of its own: the engine must not invent one.
      expect('reason' in explained ? explained.reason : undefined).toBeUndefined();
    }
  });
});

describe('recorded Firefox HAR export', () => {
  const har = readHar(fixture('cors-cases.har'));

  test('reads without errors; the page load and its data: icon are set aside', () => {
    expect(har.errors).toEqual([]);
    expect(har.skipped.navigation).toBe(1);
    expect(har.exchanges).toHaveLength(recorded.cases.length);
  });

  test.each(recorded.cases.map((c) => [c.name, c] as const))(
    '%s: the HAR exchange gets the same diagnosis (Firefox marks nothing as blocked)',
    (_, c) => {
      const exchange = har.exchanges.find((e) => e.legs[0]?.request.url === c.url);
      expect(exchange?.initiatorOrigin).toBe(recorded.pageOrigin);
      const d = diagnose(exchange!);
      expect({ verdict: d.verdict, reason: d.reason }).toEqual({
        verdict: 'blocked',
        reason: c.chromium,
      });
    },
  );
});
