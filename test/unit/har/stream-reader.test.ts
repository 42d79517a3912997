/** The streaming reader gives what `readHar` gives, however the bytes are cut into chunks. */
import { fc, test } from '../../setup/property-test.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/cors/types.ts';
import { readHar } from '../../../src/har/index.ts';
import { createHarStreamReader } from '../../../src/har/stream-reader.ts';

const dir = new URL('../../fixtures/har/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.har') && !f.startsWith('malformed'));

function stream(bytes: Uint8Array, cuts: number[], maxEntryBytes?: number) {
  const exchanges: Exchange[] = [];
  const reader = createHarStreamReader({
    onExchange: (x) => exchanges.push(x),
    ...(maxEntryBytes === undefined ? {} : { maxEntryBytes }),
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.write(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  reader.write(bytes.subarray(at));
  return { exchanges, summary: reader.end() };
}

describe.each(fixtures)('%s', (name) => {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const bytes = new TextEncoder().encode(text);
  const batch = readHar(text);

  test.prop([fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 })], { numRuns: 30 })(
    'same exchanges, skips and errors in any chunking',
    (cuts) => {
      const { exchanges, summary } = stream(bytes, cuts);
      expect(exchanges).toEqual(batch.exchanges);
      expect(summary.skipped).toEqual(batch.skipped);
      expect(summary.errors).toEqual(batch.errors);
    },
  );

  it('byte by byte', () => {
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    expect(stream(bytes, cuts).exchanges).toEqual(batch.exchanges);
  });
});

describe('what cannot be read', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const entry = (url: string, pad = '') =>
    JSON.stringify({
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 1,
      request: { method: 'GET', url, headers: [{ name: 'Origin', value: 'http://a.test' }] },
      response: { status: 200, headers: [], content: { text: pad } },
    });

  it('an entry over the size limit is reported and skipped; the others are read', () => {
    const text = `{"log":{"entries":[${entry('http://b.test/1')},${entry('http://b.test/2', 'x'.repeat(5000))},${entry('http://b.test/3')}]}}`;
    const { exchanges, summary } = stream(enc(text), [10, 400, 3000], 4096);
    expect(exchanges.map((x) => x.legs[0]!.request.url)).toEqual([
      'http://b.test/1',
      'http://b.test/3',
    ]);
    expect(summary.errors).toEqual([
      { path: 'log.entries[1]', message: expect.stringMatching(/more than the 0 MiB one entry/) },
    ]);
  });

  it('strings with escaped quotes, brackets and backslashes do not confuse the scanner', () => {
    const tricky = 'http://b.test/a?q=%22]}\\\\"[{';
    const text = `{"log":{"comment":"\\"entries\\": [","entries":[${entry(tricky)}]}}`;
    const cuts = Array.from({ length: text.length }, (_, i) => i);
    const { exchanges, summary } = stream(enc(text), cuts);
    expect(summary.errors).toEqual([]);
    expect(exchanges).toHaveLength(1);
  });

  it('a file cut inside an entry: the cut is named, the entries before it read', () => {
    const text = `{"log":{"entries":[${entry('http://b.test/1')},${entry('http://b.test/2')}]}}`;
    const { exchanges, summary } = stream(enc(text.slice(0, text.length - 40)), []);
    expect(exchanges).toHaveLength(1);
    expect(summary.errors.map((e) => e.path)).toEqual(['', 'log.entries[1]']);
  });
});
