/**
 * `planFixes` writes the notes every fix of a kind shares (server or proxy) when the first fix of
 * that kind is written, and keeps them for the next ones: the text report writes one fix. Each fix
 * must still be exactly `renderFix` with both lists written up front, whatever fixes are written
 * and in whatever order, on every kind of failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { makeHarMix, MIXES } from '../../../scripts/bench/lib/har-mix.ts';
import { diagnose } from '../../../src/cors/index.ts';
import type { Exchange } from '../../../src/cors/types.ts';
import { proxyReasonNotes, reasonNotes } from '../../../src/fixes/advice.ts';
import { buildContext } from '../../../src/fixes/context.ts';
import { planFixes, renderFix, type FixOptions } from '../../../src/fixes/index.ts';
import { readHar } from '../../../src/har/index.ts';
import { exchange } from './exchange-arbitraries.ts';

const root = join(import.meta.dirname, '../../..');

/** Checks the plan's fixes, written in `order`, against `renderFix` with eager notes. */
function expectPlanMatchesEager(e: Exchange, opts: FixOptions, order: 'forward' | 'backward') {
  const d = diagnose(e);
  const plan = planFixes(e, d, opts);
  if (plan.stacks.length === 0) return 0;
  const ctx = buildContext(e, d, opts.moduleFormat)!;
  const shared = { server: reasonNotes(ctx, e, d), proxy: proxyReasonNotes(ctx, e, d) };
  const indexes = plan.stacks.map((_, i) => i);
  if (order === 'backward') indexes.reverse();
  for (const i of indexes) {
    const { stack, detectedBy } = plan.stacks[i]!;
    const eager = renderFix(ctx, stack, shared);
    if (detectedBy !== undefined) eager.detectedBy = detectedBy;
    expect(plan.render(i)).toEqual(eager);
    // Written twice: the kept notes are not changed by the first fix that used them.
    expect(plan.render(i)).toEqual(eager);
  }
  return plan.stacks.length;
}

describe('planFixes writes the shared notes once per kind', () => {
  it('on the HAR fixtures and the bench mixes, fixes written in any order', () => {
    const texts = [
      readFileSync(join(root, 'test/fixtures/har/chrome-blocked.har'), 'utf8'),
      readFileSync(join(root, 'test/fixtures/har/chrome-mixed.har'), 'utf8'),
      readFileSync(join(root, 'test/fixtures/firefox/cors-cases.har'), 'utf8'),
      // 100 exchanges hold every reason of the blocked mix (300 held the same nine, at 3× the time).
      makeHarMix(100, { seed: 3, mix: MIXES.blocked, distinct: true }).text,
    ];
    let fixes = 0;
    for (const text of texts) {
      for (const e of readHar(text).exchanges) {
        for (const opts of [
          {},
          { preferStack: 'vite-proxy' as const, moduleFormat: 'cjs' as const },
        ])
          fixes +=
            expectPlanMatchesEager(e, opts, 'forward') +
            expectPlanMatchesEager(e, opts, 'backward');
      }
    }
    expect(fixes).toBeGreaterThan(1000);
  });

  test.prop([exchange, fc.boolean()], { numRuns: 150 })('on generated exchanges', (e, back) => {
    expectPlanMatchesEager(e, {}, back ? 'backward' : 'forward');
  });
});
