import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import { readHar } from '../../../src/har/index.ts';
import { fixtureFiles, MIXED_ORDER } from '../../fixtures/har/generate.ts';

describe('HAR fixtures', () => {
  it.each(Object.entries(fixtureFiles()))('%s is what generate.ts writes', (name, text) => {
    const committed = readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');
    expect(committed, 'run: npx tsx test/fixtures/har/generate.ts').toBe(text);
  });

  // The reader and the engine together give each scenario the verdict Chromium gave it.
  it('reads to exchanges the engine judges as the scenarios say', () => {
    const r = readHar(fixtureFiles()['chrome-mixed.har']!);
    expect(r.exchanges).toHaveLength(MIXED_ORDER.length);
    r.exchanges.forEach((exchange, i) => {
      const want = MIXED_ORDER[i]!;
      const got = diagnose(exchange);
      expect({ name: want.name, verdict: got.verdict, reason: got.reason }).toEqual({
        name: want.name,
        verdict: want.expect.verdict,
        reason: want.expect.reason,
      });
      if (want.expect.failedParameter !== undefined) {
        expect(got.failedParameter).toBe(want.expect.failedParameter);
      }
    });
  });
});
