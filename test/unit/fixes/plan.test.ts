/**
 * `planFixes` is `generateFixes` written on demand: the CLI renders only the fixes it prints, so
 * each rendered fix must be the one `generateFixes` gives at that place, and an outline its name.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import { generateFixes, planFixes, type FixOptions } from '../../../src/fixes/index.ts';
import { SCENARIOS } from '../../fixtures/har/scenarios.ts';
import { chromeEntries, har } from '../../fixtures/har/builders.ts';
import { readHarObject } from '../../../src/har/index.ts';
import { scenarios } from './scenarios.ts';

const fromHar = SCENARIOS.flatMap((s) => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const doc = har('chrome', 'http://localhost:5173/', clock.now, chromeEntries(s.spec, clock));
  return readHarObject(doc).exchanges.map((exchange) => ({ name: s.name, exchange }));
});
const cases = [
  ...fromHar,
  ...Object.entries(scenarios).map(([name, exchange]) => ({ name, exchange })),
];
const options: FixOptions[] = [{}, { preferStack: 'django' }, { moduleFormat: 'cjs' }];

describe('planFixes', () => {
  it('covers blocked and allowed cases', () => {
    const verdicts = new Set(cases.map((c) => diagnose(c.exchange).verdict));
    expect(verdicts).toContain('blocked');
    expect(verdicts).toContain('allowed');
  });

  it.each(cases)('$name: render(i) is generateFixes()[i], outline(i) its name', ({ exchange }) => {
    const diagnosis = diagnose(exchange);
    for (const opts of options) {
      const all = generateFixes(exchange, diagnosis, opts);
      const plan = planFixes(exchange, diagnosis, opts);
      expect(plan.stacks.map((s) => s.stack)).toEqual(all.map((f) => f.stack));
      all.forEach((fix, i) => {
        expect(plan.render(i)).toEqual(fix);
        const { stack, title, kind, language, detectedBy } = fix;
        expect(plan.outline(i)).toEqual({
          stack,
          title,
          kind,
          language,
          code: '',
          notes: [],
          ...(detectedBy === undefined ? {} : { detectedBy }),
        });
      });
      if (all.length === 0) expect(() => plan.render(0)).toThrow(RangeError);
    }
  });
});
