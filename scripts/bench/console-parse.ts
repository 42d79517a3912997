// Benchmark: the console-paste parsers on adversarial pastes of size n and 2n. A linear parser
// takes about twice as long on twice the text: the ratio time(2n) / time(n) is printed per shape
// (goal ≤ 2.5; a quadratic parser gives ~4). Run: npm run bench -- console-parse [--size 200000]
import { adversarialShapes } from './lib/adversarial.ts';
import { parseChromeLine } from '../../src/cors/chrome-console.ts';
import { parseFirefoxLines } from '../../src/cors/firefox.ts';

export const description = 'console parsers: time(2n) / time(n) on adversarial pastes';
export const GOAL = 2.5;

/** Milliseconds for `reps` parses of `text` by both parsers. */
function time(text: string, reps = 1): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    parseChromeLine(text);
    parseFirefoxLines(text);
  }
  return performance.now() - start;
}

export default async function run(options: { size?: string; rounds?: string } = {}) {
  const n = Number(options.size ?? 1_000_000);
  const rounds = Number(options.rounds ?? 11);
  const small = adversarialShapes(n);
  const large = adversarialShapes(2 * n);
  let worst = 0;
  console.log(
    `console-parse: adversarial pastes of ${n} and ${2 * n} characters, fastest of ${rounds} (after a warm-up)`,
  );
  for (const name of Object.keys(small)) {
    const a: number[] = [];
    const b: number[] = [];
    // Enough repetitions for ≥ 50 ms at size n (a few ms are all noise), the same count at 2n.
    const reps = Math.max(1, Math.ceil(50 / Math.max(time(small[name]!), 0.01)));
    for (let r = 0; r < rounds; r++) {
      a.push(time(small[name]!, reps) / reps);
      b.push(time(large[name]!, reps) / reps);
    }
    // The fastest run is the least disturbed by other jobs and GC.
    const [ta, tb] = [Math.min(...a), Math.min(...b)];
    const ratio = tb / ta;
    worst = Math.max(worst, ratio);
    console.log(
      `  ${name.padEnd(34)} ${ta.toFixed(2).padStart(8)} ms ${tb.toFixed(2).padStart(8)} ms  ratio ${ratio.toFixed(2)}`,
    );
  }
  const ok = worst <= GOAL;
  console.log(
    `  worst time(2n)/time(n) = ${worst.toFixed(2)} (goal ≤ ${GOAL}): ${ok ? 'PASS' : 'FAIL'}`,
  );
  return { ok, worst };
}
