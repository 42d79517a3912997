/**
 * The built CLI on a HAR that `JSON.parse` cannot hold in the heap the CLI is given: it streams,
 * finishes in text and JSON, and reports every verdict the file was generated with. Cut and garbage
 * files give a clear message and exit status 2 (docs/cli.md). The heap is small rather than the
 * file big: a 32 MB file in a 64 MB heap proves the same as 320 MB in 512 MB, in a tenth of the time.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBigHar, type BigHar } from '../../../scripts/bench/lib/big-har.ts';
import { chromeEntries } from '../../fixtures/har/builders.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/cors-lens.mjs');
const dir = mkdtempSync(join(tmpdir(), 'cors-lens-big-'));
let big: BigHar;

/** The CLI's heap (V8's old space) in these tests, in MB. */
const HEAP_MB = 64;

/** Runs the CLI with a small heap; counts output lines matching `pattern` without keeping them. */
function run(args: string[], pattern: RegExp, heapMb = HEAP_MB) {
  return new Promise<{ code: number | null; matches: number; first: string; stderr: string }>(
    (resolve) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, bin, ...args], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      let matches = 0;
      let first: string | undefined;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        first ??= line;
        if (pattern.test(line)) matches++;
      });
      child.on('close', (code) => resolve({ code, matches, first: first ?? '', stderr }));
    },
  );
}

// dist-cli/ is built once for the run: test/setup/build-cli.ts (vitest.config.ts, project cli).
beforeAll(async () => {
  big = await writeBigHar(join(dir, 'big.har'), 32e6);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`a 32 MB HAR through the CLI with a ${HEAP_MB} MB heap`, () => {
  it('is more than JSON.parse can hold in that heap', { timeout: 600_000 }, () => {
    const parse = spawnSync(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_MB}`,
        '-e',
        `JSON.parse(require('fs').readFileSync(${JSON.stringify(big.path)}, 'utf8'))`,
      ],
      { stdio: 'ignore' },
    );
    expect(parse.status).not.toBe(0);
  });

  it('text: every exchange counted as generated', { timeout: 600_000 }, async () => {
    expect(big.bytes).toBeGreaterThan(32e6);
    const r = await run(['explain', big.path], /^BLOCKED /);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.first).toContain(
      `${big.exchanges} cross-origin requests, ${big.expected.blocked} blocked, ${big.expected.allowed} allowed`,
    );
    expect(r.matches).toBe(big.expected.blocked);
  });

  it('--json: one row per exchange, at most 3 fixes each', { timeout: 600_000 }, async () => {
    const r = await run(['explain', big.path, '--json'], /^ {6}"verdict": "blocked"/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.first).toBe('{');
    expect(r.matches).toBe(big.expected.blocked);
  });
});

describe('files that cannot be read', () => {
  it(
    'a cut-off big file: what was complete, the cut named, exit 2',
    { timeout: 600_000 },
    async () => {
      const cut = join(dir, 'cut.har');
      execFileSync('cp', [big.path, cut]);
      truncateSync(cut, Math.floor(big.bytes / 2));
      const r = await run(['explain', cut, '--json'], /^ {6}"verdict": /);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/has \d+ problem\(s\); reported the \d+ exchange\(s\)/);
      expect(r.matches).toBeGreaterThan(big.exchanges / 3);
      expect(r.matches).toBeLessThan(big.exchanges);
    },
  );

  it.each([
    ['garbage', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42]), /not a HAR file: it is not JSON/],
    ['HTML', Buffer.from('<!doctype html><p>login'), /HTML or XML, not a HAR file/],
    ['an empty file', Buffer.from(''), /the input is empty/],
    ['JSON without entries', Buffer.from('{"log":{"pages":[]}}'), /no "log.entries" array/],
  ])('%s: one clear line, exit 2', { timeout: 60_000 }, async (_, bytes, message) => {
    const file = join(dir, 'bad.har');
    writeFileSync(file, bytes);
    const r = await run(['explain', file], /./);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.first).toBe('');
  });
});

describe('entries shaped to exhaust JSON.parse', () => {
  it(
    'a bracket tower and a flood of empty objects: each named, skipped, the rest reported, in a 128 MB heap',
    { timeout: 600_000 },
    async () => {
      // 60 MB of nesting once took 3 GB to parse: bytes alone do not bound JSON.parse's memory.
      // Either element alone makes JSON.parse run out of a 128 MB heap (16 MB of nesting, 12 MB of `{}`).
      const file = join(dir, 'dense.har');
      const [valid] = chromeEntries(
        {
          page: 'http://localhost:5173/',
          hops: [{ url: 'http://localhost:3000/api/after-the-flood', status: 200 }],
        },
        { now: Date.UTC(2026, 0, 1) },
      );
      const tower = '['.repeat(8_000_000) + ']'.repeat(8_000_000);
      const flood = `{"request":[${'{},'.repeat(4_000_000)}{}]}`;
      writeFileSync(
        file,
        `{"log":{"version":"1.2","entries":[${tower},${flood},${JSON.stringify(valid)}]}}`,
      );
      const r = await run(['explain', file, '--no-redact'], /after-the-flood/, 128);
      expect(r.code).toBe(2);
      expect(r.matches).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/has 2 problem\(s\)/);
    },
  );
});
