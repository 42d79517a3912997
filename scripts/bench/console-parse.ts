// Benchmark: the console-paste parsers on adversarial pastes of size n and 2n. A linear parser
// takes about twice as long on twice the text: the ratio time(2n) / time(n) is printed per shape
// (goal ≤ 2.5; a quadratic parser gives ~4). Run: npm run bench -- console-parse [--size 500000]
//
// Measured so that the machine's load cancels out: each round times n and 2n back to back (in
// alternating order), in CPU time of this process, and the ratio printed is the median of the
// rounds' ratios, so a burst of other work during one measurement moves one round, not the result.
import { adversarialShapes } from './lib/adversarial.ts';
import { median } from './lib/timing.mjs';
import { parseChromeLine } from '../../src/cors/chrome-console.ts';
import { parseFirefoxLines } from '../../src/cors/firefox.ts';

export const description = 'console parsers: time(2n) / time(n) on adversarial pastes';
export const GOAL = 2.5;

/** CPU milliseconds (user + system) for `reps` parses of `text` by both parsers. */
function cpuTime(text: string, reps: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    parseChromeLine(text);
    parseFirefoxLines(text);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export default async function run(options: { size?: string; rounds?: string } = {}) {
  const n = Number(options.size ?? 500_000);
  const rounds = Number(options.rounds ?? 15);
  const small = adversarialShapes(n);
  const large = adversarialShapes(2 * n);
  let worst = 0;
  console.log(
    `console-parse: adversarial pastes of ${n} and ${2 * n} characters; median of ${rounds} rounds' ratios (CPU time, n and 2n back to back)`,
  );
  for (const name of Object.keys(small)) {
    const a = small[name]!;
    const b = large[name]!;
    // Warm-up (JIT), then enough repetitions for ≥ 30 ms of CPU at size n: a few ms are all noise.
    cpuTime(a, 1);
    cpuTime(b, 1);
    const reps = Math.max(1, Math.ceil(30 / Math.max(cpuTime(a, 1), 0.05)));
    const ta: number[] = [];
    const tb: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let x: number;
      let y: number;
      if (r % 2 === 0) {
        x = cpuTime(a, reps);
        y = cpuTime(b, reps);
      } else {
        y = cpuTime(b, reps);
        x = cpuTime(a, reps);
      }
      ta.push(x / reps);
      tb.push(y / reps);
      ratios.push(y / Math.max(x, 1e-6));
    }
    const ratio = median(ratios);
    worst = Math.max(worst, ratio);
    console.log(
      `  ${name.padEnd(34)} ${median(ta).toFixed(2).padStart(8)} ms ${median(tb).toFixed(2).padStart(8)} ms  ratio ${ratio.toFixed(2)}`,
    );
  }
  const ok = worst <= GOAL;
  console.log(
    `  worst median time(2n)/time(n) = ${worst.toFixed(2)} (goal ≤ ${GOAL}): ${ok ? 'PASS' : 'FAIL'}`,
  );
  return { ok, worst };
}
