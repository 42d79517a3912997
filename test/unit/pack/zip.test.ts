/** The reproducible zip writer: round trips, same bytes whatever the input order, and an outside reader agrees. */
import { fc, test } from '../../setup/property-test.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { compareEntryPaths, unzipBytes, zipBytes } from '../../../scripts/pack-zip.mjs';

const segment = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.\u00e9\u4e2d-]{0,11}$/);
const entryPath = fc
  .array(segment, { minLength: 1, maxLength: 4 })
  .map((s) => s.join('/'))
  .filter((p) => !p.split('/').some((s) => s === '.' || s === '..'));
const content = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  // Repetitive text deflates; random bytes are stored: both paths get exercised.
  fc.string({ maxLength: 500 }).map((s) => new TextEncoder().encode(s.repeat(5))),
);
const entries = fc.uniqueArray(fc.record({ path: entryPath, data: content }), {
  selector: (e) => e.path,
  minLength: 0,
  maxLength: 20,
});

describe('zipBytes', () => {
  test.prop([entries])('reads back exactly what was written, sorted by path', (input) => {
    const back = unzipBytes(zipBytes(input));
    const expected = [...input].sort((a, b) => compareEntryPaths(a.path, b.path));
    expect(back.map((e) => e.path)).toEqual(expected.map((e) => e.path));
    back.forEach((e, i) => {
      expect(Buffer.compare(e.data, Buffer.from(expected[i]!.data))).toBe(0);
      expect(e.mode).toBe(0o100644);
    });
  });

  const withShuffle = entries.chain((e) =>
    fc.tuple(fc.constant(e), fc.shuffledSubarray(e, { minLength: e.length, maxLength: e.length })),
  );
  test.prop([withShuffle])(
    'the same entries in any order give the same bytes',
    ([input, shuffled]) => {
      expect(zipBytes(shuffled).equals(zipBytes(input))).toBe(true);
    },
  );

  test('an outside reader (Python zipfile) agrees: CRCs, names, fixed date and mode', () => {
    const input = [
      { path: 'manifest.json', data: '{"manifest_version":3}\n'.repeat(10) },
      { path: 'assets/a-B1.js', data: 'export const a = 1;\n'.repeat(50) },
      { path: 'icons/x.png', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 97) % 251) },
      { path: 'empty.txt', data: '' },
      { path: 'docs/caf\u00e9-\u4e2d.md', data: 'unicode name' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'cors-lens-zip-'));
    try {
      const file = join(dir, 'x.zip');
      writeFileSync(file, zipBytes(input));
      const script = [
        'import json, sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps([[i.filename, list(i.date_time), i.external_attr >> 16, i.compress_type, z.read(i).hex()] for i in z.infolist()]))',
      ].join('\n');
      const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const listed = JSON.parse(r.stdout) as [string, number[], number, number, string][];
      const sorted = [...input].sort((a, b) => compareEntryPaths(a.path, b.path));
      expect(listed.map((l) => l[0])).toEqual(sorted.map((e) => e.path));
      for (const [i, [, date, mode, method, hex]] of listed.entries()) {
        expect(date).toEqual([1980, 1, 1, 0, 0, 0]);
        expect(mode).toBe(0o100644);
        expect([0, 8]).toContain(method);
        expect(hex).toBe(Buffer.from(sorted[i]!.data).toString('hex'));
      }
      // Deflated where it helps, stored where it does not (the noisy "PNG", the empty file).
      expect(listed.find((l) => l[0] === 'assets/a-B1.js')?.[3]).toBe(8);
      expect(listed.find((l) => l[0] === 'empty.txt')?.[3]).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['../escape.js'],
    ['/etc/passwd'],
    ['a\\b.js'],
    ['a//b.js'],
    ['./a.js'],
    ['C:/x.js'],
    [''],
  ])('refuses the unsafe path %j', (path) => {
    expect(() => zipBytes([{ path, data: 'x' }])).toThrow(/zip entry/);
  });

  test('refuses duplicate paths', () => {
    expect(() =>
      zipBytes([
        { path: 'a.js', data: '1' },
        { path: 'a.js', data: '2' },
      ]),
    ).toThrow(/duplicate zip entry: a.js/);
  });

  test('unzipBytes reports a damaged archive instead of returning wrong data', () => {
    const zip = zipBytes([{ path: 'a.txt', data: 'hello hello hello hello hello' }]);
    const damaged = Buffer.from(zip);
    damaged[35]! ^= 0xff; // inside a.txt's compressed data
    expect(() => unzipBytes(damaged)).toThrow();
    expect(() => unzipBytes(Buffer.from('not a zip'))).toThrow(/not a zip/);
  });
});
