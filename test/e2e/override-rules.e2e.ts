// The override compiler in real Chromium, credentials on (the default): the override matrix runs
// as real fetches with the compiled rules loaded (see override-matrix.ts), first try, after
// learning, in a tab known to hold frames, and without response-header conditions. Chromium's
// verdicts must equal the model's; the real fixed / broken counts are printed.
// override-rules-off.e2e.ts runs credentials off and the frames' own requests, beside this file.
import { expect, test } from 'vitest';
import { override as makeOverride } from '../unit/overrides/fixtures.ts';
import {
  CASES,
  describeCase,
  learnedFromAll,
  TAINTING,
  useOverrideMatrix,
} from './override-matrix.ts';

const matrix = useOverrideMatrix();

test('the rules do in Chromium what simulate predicts, across the override matrix', async () => {
  const { world } = matrix;
  const site = makeOverride({ site: world.page, end: { kind: 'at', at: Number.MAX_SAFE_INTEGER } });
  const baseline = await matrix.baseline();
  const first = await matrix.checkConfig('credentials on, first try', [site], {}, baseline);
  // Before learning, only requests a cross-origin redirect tainted can break (see the unit matrix).
  for (const r of first.filter((x) => x.outcome === 'broken')) {
    expect(TAINTING.has(r.case.shape), describeCase(r.case)).toBe(true);
  }
  const learnedSite = learnedFromAll(site, CASES, world);
  const learned = await matrix.checkConfig(
    'credentials on, after learning',
    [learnedSite],
    {},
    baseline,
  );
  expect(learned.filter((r) => r.outcome === 'broken')).toEqual([]);
  // The site's own requests in a tab known to hold frames of its host on another port and of a
  // subdomain: the trade-off of frame-rules.ts (`*` with credentials stays blocked there).
  const frames = matrix.frameSources.map((src) => new URL(src).origin);
  const framed = await matrix.checkConfig(
    'after learning, tab with two frames',
    [learnedSite],
    {},
    baseline,
    frames,
  );
  const lost = framed.filter((r, i) => learned[i]!.outcome === 'fixed' && r.outcome !== 'fixed');
  for (const r of lost) {
    const star = r.case.profile.startsWith('ACAO *') && r.case.credentials === 'include';
    expect(star || r.case.profile.startsWith('hard-coded null'), describeCase(r.case)).toBe(true);
  }
  expect(framed.filter((r) => r.outcome === 'broken')).toEqual([]);
  matrix.report.push(
    `  (tab with two frames: ${lost.length} fewer fixed, all "*" with credentials or hard-coded null)`,
  );
  await matrix.checkConfig(
    'no header conditions, after learning',
    [learnedSite],
    { supportsResponseHeaderConditions: false },
    baseline,
  );
  console.log(['Override matrix in Chromium, credentials on:', ...matrix.report].join('\n  '));
}, 1_200_000);
