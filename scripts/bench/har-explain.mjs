// Benchmark: explaining a HAR (reading + diagnosing every exchange) against JSON.parse of the same
// file. Goal: explaining costs no more than parsing (ratio ≤ 1.0). Run: npm run bench -- har-explain
import { importBundled } from './lib/bundle.mjs';
import { makeHarMix } from './lib/har-mix.ts';
import { runBigHar } from './lib/big-har-cli.mjs';
import { median, timeOnce } from './lib/timing.mjs';

export const description = 'HAR read + diagnose vs JSON.parse on a 10,000-exchange Chrome HAR';

/** Goal for explain / JSON.parse (wall-clock medians). */
export const GOAL = 1.0;

function diagnoseAll(diagnose, exchanges) {
  const diagnoses = new Array(exchanges.length);
  for (let i = 0; i < exchanges.length; i++) diagnoses[i] = diagnose(exchanges[i]);
  return diagnoses;
}

/**
 * @param {{ exchanges?: number, rounds?: number, bodyBytes?: number, print?: (line: string) => void }} options
 */
export default async function run(options = {}) {
  const count = Number(options.exchanges ?? 10_000);
  const rounds = Number(options.rounds ?? 9);
  const print = options.print ?? ((line) => console.log(line));
  // The reader, engine and fixes as the CLI ships them (see lib/bundle.mjs).
  const { diagnose, generateFixes, readHar, readHarObject } = await importBundled(
    'scripts/bench/lib/explain-entry.ts',
  );
  const mix = makeHarMix(
    count,
    options.bodyBytes === undefined ? {} : { bodyBytes: Number(options.bodyBytes) },
  );
  const { text } = mix;

  // What the measured code produces, checked once: a fast wrong answer is not a result.
  const check = readHarObject(JSON.parse(text));
  const checkDiagnoses = diagnoseAll(diagnose, check.exchanges);
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

  const samples = { parse: [], explain: [], endToEnd: [], fixes: [] };
  const steps = [
    () => samples.parse.push(timeOnce(() => JSON.parse(text))),
    () => {
      // "Explaining" starts from the parsed file, as the CLI and the panel do.
      const parsed = JSON.parse(text);
      samples.explain.push(timeOnce(() => diagnoseAll(diagnose, readHarObject(parsed).exchanges)));
    },
    () => samples.endToEnd.push(timeOnce(() => diagnoseAll(diagnose, readHar(text).exchanges))),
    () =>
      samples.fixes.push(
        timeOnce(() => {
          for (let i = 0; i < blocked.length; i++) generateFixes(blocked[i], blockedDiagnoses[i]);
        }),
      ),
  ];
  // A warm-up pass for the JIT, then rounds in alternating order so drift hits every step alike.
  for (const step of steps) step();
  for (const list of Object.values(samples)) list.length = 0;
  for (let round = 0; round < rounds; round++) {
    for (const step of round % 2 === 0 ? steps : [...steps].reverse()) step();
  }

  const ms = {};
  const cpuMs = {};
  for (const [name, list] of Object.entries(samples)) {
    ms[name] = median(list.map((s) => s.wall));
    cpuMs[name] = median(list.map((s) => s.cpu));
  }
  const ratio = (t) => ({
    explain: t.explain / t.parse,
    endToEnd: t.endToEnd / t.parse,
    fixes: t.fixes / t.parse,
  });
  const result = {
    exchanges: check.exchanges.length,
    entries: mix.entries,
    bytes: text.length,
    verdicts,
    mismatches,
    ms,
    cpuMs,
    ratios: ratio(ms),
    cpuRatios: ratio(cpuMs),
  };
  result.ok = result.ratios.explain <= GOAL && mismatches === 0 && result.exchanges === count;
  const streamMb = Number(options.streamMb ?? 300);

  const row = (label, name) =>
    `  ${label.padEnd(38)}${ms[name].toFixed(1).padStart(8)} ms  ${cpuMs[name].toFixed(1).padStart(8)} ms` +
    (name === 'parse'
      ? ''
      : `   ${result.ratios[name].toFixed(2).padStart(5)}  ${result.cpuRatios[name].toFixed(2).padStart(5)}`);
  print(
    `har-explain: ${result.exchanges} exchanges, ${mix.entries} entries, ${(text.length / 1e6).toFixed(1)} MB; medians of ${rounds} alternating rounds`,
  );
  print(
    `  verdicts: ${verdicts.blocked} blocked, ${verdicts.allowed} allowed, ${verdicts['network-error']} network errors; ${mismatches} differ from the scenarios`,
  );
  print(`  ${''.padEnd(38)}${'wall'.padStart(11)}${'cpu'.padStart(12)}   ${'ratio (wall, cpu)'}`);
  print(row('JSON.parse', 'parse'));
  print(row('explain: read + diagnose (parsed)', 'explain'));
  print(row('end to end: readHar(text) + diagnose', 'endToEnd'));
  print(row(`fixes for the ${blocked.length} blocked`, 'fixes'));
  print(
    `  explain / JSON.parse = ${result.ratios.explain.toFixed(2)} (goal ≤ ${GOAL.toFixed(2)}): ${result.ok ? 'PASS' : 'FAIL'}`,
  );
  // The whole CLI on a big file, streaming (`--streamMb 0` skips it).
  if (streamMb > 0) {
    const mixes = options.streamMixes?.split(',').filter((m) => m !== '');
    result.stream = await runBigHar({ mb: streamMb, print, ...(mixes ? { mixes } : {}) });
    result.ok &&= result.stream.ok;
  }
  return result;
}
