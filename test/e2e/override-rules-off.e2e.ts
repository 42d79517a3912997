// The override compiler in real Chromium, beside override-rules.e2e.ts (see override-matrix.ts):
// an override with credentials off, first try and after learning, and the requests of frames of
// another origin inside the relaxed tab.
import { expect, test } from 'vitest';
import { compileRules } from '../../src/overrides/compile.ts';
import type { World } from '../unit/overrides/matrix-world.ts';
import { override as makeOverride } from '../unit/overrides/fixtures.ts';
import {
  CASES,
  describeCase,
  learnedFromAll,
  predicted,
  TAINTING,
  useOverrideMatrix,
} from './override-matrix.ts';

const matrix = useOverrideMatrix();

const forever = { kind: 'at', at: Number.MAX_SAFE_INTEGER } as const;

test('credentials off: the rules do in Chromium what simulate predicts', async () => {
  const { world } = matrix;
  const off = makeOverride({ site: world.page, credentials: false, end: forever });
  const baseline = await matrix.baseline();
  const first = await matrix.checkConfig('credentials off, first try', [off], {}, baseline);
  // Before learning, only requests a cross-origin redirect tainted can break (see the unit matrix).
  for (const r of first.filter((x) => x.outcome === 'broken')) {
    expect(TAINTING.has(r.case.shape), describeCase(r.case)).toBe(true);
  }
  const learned = await matrix.checkConfig(
    'credentials off, after learning',
    [learnedFromAll(off, CASES, world)],
    {},
    baseline,
  );
  expect(learned.filter((r) => r.outcome === 'broken')).toEqual([]);
  console.log(['Override matrix in Chromium, credentials off:', ...matrix.report].join('\n  '));
}, 1_200_000);

test('frames of another origin in the relaxed tab: untouched once known, as the model says', async () => {
  const { world } = matrix;
  // Same host on another port, and a subdomain: DNR's initiatorDomains lets both in.
  await matrix.addFrames();
  const site = makeOverride({ site: world.page, end: forever });
  const tab = { tabId: world.tabId, origin: world.page };
  const unknownRules = compileRules([site], [tab], 0, {}).rules;
  // A frame's requests can be tainted by a redirect too: direct and cross-origin redirect shapes.
  const cases = CASES.filter((c) => c.shape === 'direct' || c.shape === 'cross-origin redirect');
  for (const [k, src] of matrix.frameSources.entries()) {
    const origin = new URL(src).origin;
    const knownRules = compileRules([site], [{ ...tab, frames: [origin] }], 0, {}).rules;
    const inFrame: World = { ...world, frame: origin };
    const known: World = { ...inFrame, frames: [origin] };
    await matrix.setRules([]);
    const before = await matrix.verdicts(cases, k);
    await matrix.setRules(unknownRules);
    const unknown = await matrix.verdicts(cases, k);
    await matrix.setRules(knownRules);
    const after = await matrix.verdicts(cases, k);
    const mismatches = cases.flatMap((c, i) => {
      const want = [
        predicted(c, undefined, {}, inFrame),
        predicted(c, [site], {}, inFrame),
        predicted(c, [site], {}, known),
      ];
      const got = [before[i], unknown[i], after[i]];
      return want.every((v, j) => v === got[j])
        ? []
        : [`${src} ${describeCase(c)}: model ${want}, Chromium ${got}`];
    });
    expect(mismatches).toEqual([]);
    const changed = (now: typeof before) =>
      cases.filter((_, i) => before[i] !== now[i]).map((c) => `${c.profile} | ${c.request}`);
    // Known: nothing relaxed, nothing broken.
    expect(changed(after), `${src}: changed once known`).toEqual([]);
    const relaxed = cases.filter((_, i) => before[i] === 'blocked' && unknown[i] === 'allowed');
    expect(relaxed.length, `${src}: relaxed before known`).toBe(0);
    const passed = before.filter((v) => v === 'allowed').length;
    const brokenUnknown = cases.filter(
      (_, i) => before[i] === 'allowed' && unknown[i] === 'blocked',
    );
    console.log(
      `Frame ${src} in a relaxed tab: ${cases.length} requests; known to the background: ` +
        `relaxed 0, broken 0 of ${passed} that passed; not known yet: relaxed 0, broken ` +
        `${brokenUnknown.length}`,
    );
  }
}, 900_000);
