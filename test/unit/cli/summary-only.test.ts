/**
 * `cors-lens explain` diagnoses with `{ explanation: false }`: neither its text report nor its JSON
 * prints the explanation or the console line, so they are not written. Everything else the
 * diagnosis holds must be what the full diagnosis holds, on every exchange: the HAR fixtures (every
 * reason they cover), the bench's mixes and generated hostile exchanges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { makeHarMix, MIXES } from '../../../scripts/bench/lib/har-mix.ts';
import { diagnose } from '../../../src/cors/index.ts';
import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import { readHar } from '../../../src/har/index.ts';
import { exchange, manyHeaders } from './exchange-arbitraries.ts';

const root = join(import.meta.dirname, '../../..');
/** Every HAR fixture (the damaged ones too: what they keep is diagnosed). */
const HARS = [
  ...readdirSync(join(root, 'test/fixtures/har'))
    .filter((f) => f.endsWith('.har'))
    .map((f) => `test/fixtures/har/${f}`),
  'test/fixtures/firefox/cors-cases.har',
];

/** The full diagnosis without what `{ explanation: false }` leaves out. */
function withoutWords(d: Diagnosis): Diagnosis {
  const { consoleMessage: _m, ...rest } = d;
  return { ...rest, explanation: [] };
}

function expectSummaryOnlyMatches(e: Exchange): Diagnosis {
  const full = diagnose(e);
  const lean = diagnose(e, { explanation: false });
  expect(lean).toEqual(withoutWords(full));
  expect(lean.explanation).toEqual([]);
  expect('consoleMessage' in lean).toBe(false);
  return full;
}

describe('diagnose(exchange, { explanation: false })', () => {
  it('differs from the full diagnosis only by its empty explanation, on the HAR fixtures', () => {
    const reasons = new Set<string>();
    for (const har of HARS) {
      for (const e of readHar(readFileSync(join(root, har), 'utf8')).exchanges) {
        const d = expectSummaryOnlyMatches(e);
        reasons.add(d.reason ?? d.verdict);
      }
    }
    // The fixtures reach many reasons, so this is not a check of one path.
    expect(reasons.size).toBeGreaterThan(10);
  });

  it('on the bench mixes (every common failure, redirects, network errors)', () => {
    for (const mix of [MIXES.realistic, MIXES.blocked]) {
      const { text } = makeHarMix(400, { seed: 5, mix, distinct: true });
      for (const e of readHar(text).exchanges) expectSummaryOnlyMatches(e);
    }
  });

  test.prop([fc.oneof(exchange, manyHeaders)], { numRuns: 200 })(
    'on generated and hostile exchanges',
    (e) => {
      expectSummaryOnlyMatches(e);
    },
  );
});
