import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import { generateFixes } from '../../../src/fixes/index.ts';
import { scenarios } from './scenarios.ts';

describe('performance', () => {
  it('1,000 blocked exchanges get their 18 fixes each', () => {
    const blocked = Object.values(scenarios).filter((e) => diagnose(e).verdict === 'blocked');
    const pairs = Array.from({ length: 1000 }, (_, i) => {
      const base = blocked[i % blocked.length]!;
      // Distinct origins, so nothing is shared between exchanges but what a real HAR shares.
      const exchange = {
        ...base,
        initiatorOrigin: base.initiatorOrigin.replace('5173', String(10_000 + i)),
      };
      return { exchange, diagnosis: diagnose(exchange) };
    });
    const once = () => {
      let count = 0;
      for (const p of pairs) count += generateFixes(p.exchange, p.diagnosis).length;
      return count;
    };
    // Work, not time: every exchange gets all its fixes, and a second pass gives the same count
    // (caches change nothing). How long it takes is `npm run bench -- har-explain`'s business.
    expect(once()).toBe(18_000);
    expect(once()).toBe(18_000);
  }, 120_000);
});
