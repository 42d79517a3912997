// Benchmark: explaining a HAR (reading + diagnosing every exchange) against JSON.parse of the same
// file. Goal: explaining costs no more than parsing (ratio ≤ 1.0). Run: npm run bench har-explain
import { diagnose } from '../../src/cors/index.ts';
import { generateFixes } from '../../src/fixes/index.ts';
import { readHar, readHarObject } from '../../src/har/index.ts';
import { makeHarMix } from './lib/har-mix.ts';
import { median, timeOnce } from './lib/timing.mjs';

export const description = 'HAR read + diagnose vs JSON.parse on a 10,000-exchange Chrome HAR';

/** Goal for explain / JSON.parse. */
export const GOAL = 1.0;

function diagnoseAll(exchanges) {
  const diagnoses = new Array(exchanges.length);
  for (let i = 0; i < exchanges.length; i++) diagnoses[i] = diagnose(exchanges[i]);
  return diagnoses;
}

/**
 * @param {{ exchanges?: number, rounds?: number, bodyBytes?: number, print?: (line: string) => void }} options
 */
export default async function run(options = {}) {
  const count = Number(options.exchanges ?? 10_000);
  const rounds = Number(options.rounds ?? 7);
  const print = options.print ?? ((line) => console.log(line));
  const mix = makeHarMix(
    count,
    options.bodyBytes === undefined ? {} : { bodyBytes: Number(options.bodyBytes) },
  );
  const { text } = mix;

  // What the measured code produced, checked once: a fast wrong answer is not a result.
  const check = readHarObject(JSON.parse(text));
  const checkDiagnoses = diagnoseAll(check.exchanges);
  const verdicts = { allowed: 0, blocked: 0, 'network-error': 0, 'not-cors': 0 };
  let mismatches = 0;
  checkDiagnoses.forEach((d, i) => {
    verdicts[d.verdict]++;
    const want = mix.scenarios[i]?.expect;
    if (
      !want ||
      want.verdict !== d.verdict ||
      (want.reason !== undefined && want.reason !== d.reason)
    ) {
      mismatches++;
    }
  });
  const blocked = check.exchanges.filter((_, i) => checkDiagnoses[i].verdict === 'blocked');
  const blockedDiagnoses = checkDiagnoses.filter((d) => d.verdict === 'blocked');

  const parse = [];
  const explain = [];
  const endToEnd = [];
  const fixes = [];
  const steps = [
    () => parse.push(timeOnce(() => JSON.parse(text))),
    () => {
      const parsed = JSON.parse(text);
      explain.push(timeOnce(() => diagnoseAll(readHarObject(parsed).exchanges)));
    },
    () => endToEnd.push(timeOnce(() => diagnoseAll(readHar(text).exchanges))),
    () =>
      fixes.push(
        timeOnce(() => {
          for (let i = 0; i < blocked.length; i++) generateFixes(blocked[i], blockedDiagnoses[i]);
        }),
      ),
  ];
  // One warm-up pass for the JIT, then rounds in alternating order so drift hits every step alike.
  for (const step of steps) step();
  parse.length = explain.length = endToEnd.length = fixes.length = 0;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? steps : [...steps].reverse();
    for (const step of order) step();
  }

  const tParse = median(parse);
  const tExplain = median(explain);
  const tEnd = median(endToEnd);
  const tFixes = median(fixes);
  const result = {
    exchanges: check.exchanges.length,
    entries: mix.entries,
    bytes: text.length,
    verdicts,
    mismatches,
    ms: { parse: tParse, explain: tExplain, endToEnd: tEnd, fixes: tFixes },
    ratios: { explain: tExplain / tParse, endToEnd: tEnd / tParse, fixes: tFixes / tParse },
  };
  result.ok = result.ratios.explain <= GOAL && mismatches === 0 && result.exchanges === count;

  const ms = (t) => `${t.toFixed(1).padStart(8)} ms`;
  print(
    `har-explain: ${result.exchanges} exchanges, ${mix.entries} entries, ${(text.length / 1e6).toFixed(1)} MB; median of ${rounds} rounds`,
  );
  print(
    `  verdicts: ${verdicts.blocked} blocked, ${verdicts.allowed} allowed, ${verdicts['network-error']} network errors; ${mismatches} differ from the scenarios`,
  );
  print(`  JSON.parse                          ${ms(tParse)}`);
  print(
    `  explain (read + diagnose, parsed)   ${ms(tExplain)}   ratio ${result.ratios.explain.toFixed(2)}  (goal ≤ ${GOAL.toFixed(2)}) ${result.ok ? 'PASS' : 'FAIL'}`,
  );
  print(
    `  end to end (readHar(text) + diagnose)${ms(tEnd).slice(1)}   ratio ${result.ratios.endToEnd.toFixed(2)}  (includes the parse)`,
  );
  print(
    `  fixes for the ${blocked.length} blocked           ${ms(tFixes)}   ratio ${result.ratios.fixes.toFixed(2)}`,
  );
  return result;
}
