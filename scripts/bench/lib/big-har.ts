/**
 * Writes a large Chrome HAR to a file without holding it: one block of the realistic mix
 * (`har-mix.ts`), repeated with its clock moved on each time, so pairing works as in one long
 * session and the expected verdicts are the block's times the number of copies.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeHarMix, MIXES, type MixName } from './har-mix.ts';

export interface BigHar {
  path: string;
  bytes: number;
  entries: number;
  exchanges: number;
  expected: { allowed: number; blocked: number; 'network-error': number };
}

/** Writes copies of a `blockExchanges`-exchange mix until the file holds at least `minBytes`. */
export async function writeBigHar(
  path: string,
  minBytes: number,
  opts: { blockExchanges?: number; maxCopies?: number; mix?: MixName } = {},
): Promise<BigHar> {
  const mix = makeHarMix(opts.blockExchanges ?? 500, {
    seed: 11,
    mix: MIXES[opts.mix ?? 'realistic'],
  });
  const parsed = JSON.parse(mix.text) as {
    log: { entries: { startedDateTime: string }[]; [k: string]: unknown };
  };
  const { entries, ...logRest } = parsed.log;
  const times = entries.map((e) => Date.parse(e.startedDateTime));
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
  let first = true;
  const maxCopies = opts.maxCopies ?? Infinity;
  while (bytes < minBytes && copies < maxCopies) {
    const shift = copies * span;
    const parts: string[] = [];
    entries.forEach((entry, i) => {
      const moved = { ...entry, startedDateTime: new Date(times[i]! + shift).toISOString() };
      parts.push(JSON.stringify(moved));
    });
    await write(`${first ? '' : ','}${parts.join(',')}`);
    first = false;
    copies++;
  }
  await write(']}}');
  out.end();
  await once(out, 'finish');
  const times3 = (n: number) => n * copies;
  return {
    path,
    bytes,
    entries: entries.length * copies,
    exchanges: mix.exchanges * copies,
    expected: {
      allowed: times3(mix.expected.allowed),
      blocked: times3(mix.expected.blocked),
      'network-error': times3(mix.expected['network-error']),
    },
  };
}
