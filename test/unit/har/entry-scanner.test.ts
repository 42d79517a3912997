/**
 * The byte scanner in front of the streaming reader: whatever the document and however its bytes
 * are cut into chunks (inside a multibyte UTF-8 character, between a backslash and the character it
 * escapes, inside a key), the elements it hands out are `JSON.parse(text).log.entries` (and
 * `.pages`), in order.
 */
import { binaryString, fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { createEntryScanner, type ScannedArray } from '../../../src/har/entry-scanner.ts';

function scan(bytes: Uint8Array, cuts: readonly number[]) {
  const got: Record<ScannedArray, unknown[]> = { entries: [], pages: [] };
  const damage: string[] = [];
  const scanner = createEntryScanner({
    element(array, index, value, damaged) {
      expect(index).toBe(got[array].length);
      if (damaged !== undefined) damage.push(damaged);
      got[array].push(value);
    },
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at) continue;
    scanner.write(bytes.subarray(at, cut));
    at = cut;
  }
  scanner.write(bytes.subarray(at));
  return { ...got, damage, end: scanner.end() };
}

/** Strings that stress the scanner: quotes, backslashes, brackets, any Unicode (lone surrogates too). */
const text = fc.oneof(
  binaryString(),
  fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', 'é', '€', '😀', 'a') }),
  fc.constantFrom('', '\\', '\\\\', '"', '\\"', 'entries', 'pages', 'log', '\u2028'),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(text, tie('any'), { maxKeys: 4 }),
  ),
})).any;
/** Mostly objects, as in a HAR, but anything JSON may appear as an element. */
const element = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(text, value, { maxKeys: 6 }) },
  { weight: 1, arbitrary: value },
);
const spacing = fc.constantFrom<string | number | undefined>(undefined, 2, '\t', ' \r\n');

const har = fc.record({
  before: fc.dictionary(
    // A `log` key beside the entries of a bare log is a HAR inside a HAR: which one is meant
    // is ambiguous, and the scanner reads the wrapped one.
    text.filter((k) => k !== 'entries' && k !== 'pages' && k !== 'log'),
    value,
    { maxKeys: 3 },
  ),
  pages: fc.option(fc.array(element, { maxLength: 4 }), { nil: undefined }),
  entries: fc.array(element, { maxLength: 12 }),
  after: fc.dictionary(
    // A `log` key beside the entries of a bare log is a HAR inside a HAR: which one is meant
    // is ambiguous, and the scanner reads the wrapped one.
    text.filter((k) => k !== 'entries' && k !== 'pages' && k !== 'log'),
    value,
    { maxKeys: 3 },
  ),
  wrapped: fc.boolean(),
  spacing,
});

type Har = typeof har extends fc.Arbitrary<infer T> ? T : never;

function documentOf(h: Har): { json: string; log: { entries: unknown[]; pages?: unknown[] } } {
  const log: Record<string, unknown> = { ...h.before };
  if (h.pages !== undefined) log.pages = h.pages;
  log.entries = h.entries;
  for (const [k, v] of Object.entries(h.after)) if (!(k in log)) log[k] = v;
  const json = JSON.stringify(h.wrapped ? { log } : log, null, h.spacing);
  // What a JSON parser makes of the text, not what was generated: -0, keys like __proto__.
  const parsed = JSON.parse(json) as { log?: unknown };
  return { json, log: (h.wrapped ? parsed.log : parsed) as { entries: unknown[] } };
}

describe('entry scanner', () => {
  test.prop(
    [
      har,
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
      fc.boolean(),
      fc.boolean(),
    ],
    { numRuns: 300 },
  )(
    'hands out JSON.parse(text).log.entries in any chunking',
    (h, fractions, afterBackslashes, insideCharacters) => {
      const { json, log } = documentOf(h);
      const bytes = new TextEncoder().encode(json);
      const cuts = fractions.map((f) => Math.floor(f * bytes.length));
      bytes.forEach((b, i) => {
        // Right after a backslash (the escaped character starts the next chunk), and before a
        // UTF-8 continuation byte (a character split in two).
        if (afterBackslashes && b === 0x5c) cuts.push(i + 1);
        if (insideCharacters && b >= 0x80 && b < 0xc0) cuts.push(i);
      });
      const got = scan(bytes, cuts);
      expect(got.damage).toEqual([]);
      expect(got.entries).toEqual(log.entries);
      expect(got.pages).toEqual(log.pages ?? []);
      expect(got.end).toMatchObject({ foundEntries: true, truncated: false, bytes: bytes.length });
    },
  );

  test.prop([har], { numRuns: 40 })('byte by byte', (h) => {
    const { json, log } = documentOf(h);
    const bytes = new TextEncoder().encode(json);
    const got = scan(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    );
    expect(got.entries).toEqual(log.entries);
  });

  it('a multibyte character and an escape split at every byte', () => {
    const entries = [
      { s: 'é€😀\\"\\\\', t: '"]}', u: '\u2028\ud83d' },
      ['\\', '\\\\', '"'],
      'a string element with ] and }',
      42,
    ];
    const bytes = new TextEncoder().encode(JSON.stringify({ log: { entries } }));
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const second of [cut + 1, cut + 2, cut + 3]) {
        expect(scan(bytes, [cut, second]).entries).toEqual(entries);
      }
    }
  });

  it('a damaged entry is reported and the next one read', () => {
    const text = '{"log":{"entries":[{"a":1},{"b":tru},{"c":"]"}]}}';
    const got = scan(new TextEncoder().encode(text), [22, 30]);
    expect(got.entries).toEqual([{ a: 1 }, undefined, { c: ']' }]);
    expect(got.damage).toEqual([expect.stringMatching(/^damaged JSON \(.*\); entry not read\.$/)]);
  });

  it('the file cut inside an entry, inside a string after a backslash', () => {
    const text = '{"log":{"entries":[{"a":1},{"b":"x\\';
    const got = scan(new TextEncoder().encode(text), [text.length - 1]);
    expect(got.entries).toEqual([{ a: 1 }]);
    expect(got.end).toMatchObject({ truncated: true, cutEntry: 1 });
  });
});

/** Scans `text` with small limits, one byte per chunk when `byteByByte`. */
function scanWithLimits(text: string, byteByByte: boolean) {
  const got: unknown[] = [];
  const damage: string[] = [];
  const scanner = createEntryScanner(
    {
      element(_array, _index, value, damaged) {
        if (damaged !== undefined) damage.push(damaged);
        got.push(value);
      },
    },
    { maxElementValues: 10, maxElementDepth: 4 },
  );
  const bytes = new TextEncoder().encode(text);
  if (byteByByte) for (let i = 0; i < bytes.length; i++) scanner.write(bytes.subarray(i, i + 1));
  else scanner.write(bytes);
  return { got, damage, end: scanner.end() };
}

describe('entries too dense or too deep to parse', () => {
  const atLimit = { a: [1, 2, 3, 4, 5, 6, 7, 8, 9], b: 1 }; // 1 array + 9 commas = 10
  const overValues = { a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], b: 1 };
  const atDepth = { a: { b: [{}] } }; // 4 levels, the entry's own included
  const overDepth = { a: { b: [{ c: [] }] } };
  const inStrings = { s: ',,,,,,,,,,,,[[[[[[{{{{{{', t: '\\",[[[[[[[[[[[' };

  test.each([false, true])(
    'are reported and skipped; the rest is read (byte by byte: %s)',
    (bytewise) => {
      const entries = [atLimit, overValues, atDepth, overDepth, inStrings, { last: true }];
      const { got, damage, end } = scanWithLimits(JSON.stringify({ log: { entries } }), bytewise);
      expect(got).toEqual([atLimit, undefined, atDepth, undefined, inStrings, { last: true }]);
      expect(damage).toEqual([
        expect.stringMatching(/more than 10 JSON values or nests deeper than 4 levels/),
        expect.stringMatching(/more than 10 JSON values or nests deeper than 4 levels/),
      ]);
      expect(end).toMatchObject({ foundEntries: true, truncated: false });
    },
  );

  it('the default limits leave a real entry alone and stop a bracket flood', () => {
    const flood = '['.repeat(2000) + ']'.repeat(2000);
    const text = `{"log":{"entries":[${flood},{"ok":1}]}}`;
    const got: unknown[] = [];
    const damage: string[] = [];
    const scanner = createEntryScanner({
      element: (_a, _i, value, damaged) => {
        got.push(value);
        if (damaged) damage.push(damaged);
      },
    });
    scanner.write(new TextEncoder().encode(text));
    scanner.end();
    expect(got).toEqual([undefined, { ok: 1 }]);
    expect(damage[0]).toMatch(/more than 1,000,000 JSON values or nests deeper than 1000 levels/);
  });
});
