/**
 * Writes a large Chrome HAR to a file without holding it: blocks of the realistic mix
 * (`har-mix.ts`), each with its clock moved on, so pairing works as in one long session and the
 * expected verdicts are the block's times the number of blocks. The plain mixes repeat one block
 * (a page polling the same API); the `no-repeat` ones build every block anew with exchanges that
 * share no URL, port, cookie or response id, so nothing the CLI could reuse repeats.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeHarMix, MIXES } from './har-mix.ts';

export interface BigHar {
  path: string;
  bytes: number;
  entries: number;
  exchanges: number;
  expected: { allowed: number; blocked: number; 'network-error': number };
}

/** The mixes of big files: the scenario mixes, and the realistic and blocked ones without repeats. */
export const BIG_MIXES = {
  realistic: { mix: MIXES.realistic, distinct: false },
  allowed: { mix: MIXES.allowed, distinct: false },
  blocked: { mix: MIXES.blocked, distinct: false },
  'no-repeat': { mix: MIXES.realistic, distinct: true },
  'blocked-no-repeat': { mix: MIXES.blocked, distinct: true },
} as const;
export type BigMixName = keyof typeof BIG_MIXES;

type Entry = { startedDateTime: string };

/** Writes blocks of a `blockExchanges`-exchange mix until the file holds at least `minBytes`. */
export async function writeBigHar(
  path: string,
  minBytes: number,
  opts: { blockExchanges?: number; maxCopies?: number; mix?: BigMixName } = {},
): Promise<BigHar> {
  const { mix: weights, distinct } = BIG_MIXES[opts.mix ?? 'realistic'];
  const blockExchanges = opts.blockExchanges ?? 500;
  const block = (copy: number) => {
    const mix = makeHarMix(blockExchanges, {
      seed: 11,
      mix: weights,
      distinct,
      firstIndex: distinct ? copy * blockExchanges : 0,
    });
    const parsed = JSON.parse(mix.text) as { log: { entries: Entry[]; [k: string]: unknown } };
    return { mix, parsed };
  };
  const first = block(0);
  const { entries: firstEntries, ...logRest } = first.parsed.log;
  const times = firstEntries.map((e) => Date.parse(e.startedDateTime));
  const span = Math.max(...times) - Math.min(...times) + 60_000;
  const head = JSON.stringify({ log: { ...logRest, entries: [] } });
  // `…"entries":[]}}` → write up to the `[`, the entries, then `]}}`.
  const open = head.slice(0, head.lastIndexOf('[') + 1);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(open);
  let copies = 0;
  const maxCopies = opts.maxCopies ?? Infinity;
  while (bytes < minBytes && copies < maxCopies) {
    // The same seed gives every block the same scenarios (and so the same times and verdicts).
    const entries = copies === 0 || !distinct ? firstEntries : block(copies).parsed.log.entries;
    const shift = copies * span;
    const parts: string[] = [];
    entries.forEach((entry, i) => {
      const moved = { ...entry, startedDateTime: new Date(times[i]! + shift).toISOString() };
      parts.push(JSON.stringify(moved));
    });
    await write(`${copies === 0 ? '' : ','}${parts.join(',')}`);
    copies++;
  }
  await write(']}}');
  out.end();
  await once(out, 'finish');
  const { mix } = first;
  const times3 = (n: number) => n * copies;
  return {
    path,
    bytes,
    entries: firstEntries.length * copies,
    exchanges: mix.exchanges * copies,
    expected: {
      allowed: times3(mix.expected.allowed),
      blocked: times3(mix.expected.blocked),
      'network-error': times3(mix.expected['network-error']),
    },
  };
}
