import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JS module without type declarations
import runHarExplain from '../../../scripts/bench/har-explain.mjs';
import { makeHarMix } from '../../../scripts/bench/lib/har-mix.ts';
import { readHar } from '../../../src/har/index.ts';

interface BenchResult {
  ok: boolean;
  exchanges: number;
  mismatches: number;
  verdicts: Record<string, number>;
  ms: Record<string, number>;
  ratios: { explain: number; endToEnd: number; fixes: number };
}

describe('the HAR benchmark (at a small size, so it cannot rot)', () => {
  it('generates the mix it claims', () => {
    const mix = makeHarMix(300, { seed: 7 });
    const r = readHar(mix.text);
    expect(r.errors).toEqual([]);
    expect(r.exchanges).toHaveLength(300);
    expect(r.entries).toHaveLength(mix.entries);
    expect(mix.expected.allowed + mix.expected.blocked + mix.expected['network-error']).toBe(300);
    expect(mix.expected.blocked).toBeGreaterThan(50);
    expect(r.exchanges.some((e) => e.legs.length > 1)).toBe(true);
    expect(r.exchanges.some((e) => e.legs[0]!.preflight)).toBe(true);
  });

  // Correctness only: the timing itself belongs to `npm run bench`, never to a test.
  it(
    'measures the verdicts it claims (every one as the scenario expects)',
    { timeout: 120_000 },
    async () => {
      const lines: string[] = [];
      const result = (await runHarExplain({
        exchanges: 120,
        rounds: 1,
        streamMb: 0,
        print: (line: string) => lines.push(line),
      })) as BenchResult;
      expect(result.exchanges).toBe(120);
      expect(result.mismatches).toBe(0);
      expect(result.verdicts.blocked).toBeGreaterThan(0);
      for (const ratio of Object.values(result.ratios)) {
        expect(Number.isFinite(ratio)).toBe(true);
        expect(ratio).toBeGreaterThan(0);
      }
      expect((result.verdicts.blocked ?? 0) + (result.verdicts.allowed ?? 0)).toBeLessThanOrEqual(
        120,
      );
      expect(lines.join('\n')).toContain('0 differ from the scenarios');
    },
  );
});
