/**
 * The Node entry's temporary-file spool (bin/node-io.mjs) gives back every record as written:
 * records with colons, digits, line breaks, empty ones, multi-byte characters cut across read
 * chunks, and records far larger than one chunk (1 MiB).
 */
import { fc, test } from '../../setup/property-test.ts';
import { expect } from 'vitest';
// @ts-expect-error -- a plain ES module of the Node entry, without types
import { cleanUp, spool } from '../../../bin/node-io.mjs';

interface NodeSpool {
  write(record: string): void;
  read(): AsyncIterable<string>;
  close(): void;
}

async function roundTrip(records: readonly string[]): Promise<string[]> {
  const s = spool() as NodeSpool;
  for (const r of records) s.write(r);
  const out: string[] = [];
  for await (const r of s.read()) out.push(r);
  s.close();
  return out;
}

const record = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ':', '12:', '3:abc', '\n', '\u0001\u0002'),
  fc
    .tuple(fc.constantFrom('x', 'é', '😀', '1:'), fc.integer({ min: 1, max: 800_000 }))
    .map(([s, n]) => s.repeat(n)),
);

test.prop([fc.array(record, { maxLength: 12 })], { numRuns: 25 })(
  'gives back the records as written',
  async (records) => {
    expect(await roundTrip(records)).toEqual(records);
    cleanUp();
  },
  60_000,
);
