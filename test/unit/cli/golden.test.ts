/**
 * `cors-lens explain` writes exactly what it wrote before its per-exchange work was made cheaper:
 * the golden outputs under test/fixtures/cli-golden/out/ come from the CLI at 8c4797b
 * (test/fixtures/cli-golden/generate.ts), on the HAR fixtures and on generated HARs where no
 * exchange repeats (so nothing is answered from a memo), in text and `--json` with the options that
 * change the output, colour included. The input arrives in chunks that end anywhere (inside a
 * string, an escape, a UTF-8 character), as from a file or a pipe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/index.ts';
import { generatedHars, goldenCases, type GoldenCase } from '../../fixtures/cli-golden/cases.ts';
import { fakeIO } from './io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const golden = join(root, 'test/fixtures/cli-golden');
const status = JSON.parse(readFileSync(join(golden, 'out/status.json'), 'utf8')) as Record<
  string,
  { code: number; stderr: string }
>;

/** The file's bytes in chunks of `size`, then of `size + 1`…: boundaries fall everywhere. */
async function* chunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0, n = size; at < bytes.length; at += n, n++) yield bytes.subarray(at, at + n);
}

async function run(c: GoldenCase, chunkSize: number) {
  const bytes = readFileSync(join(root, c.har));
  const parts: Uint8Array[] = [];
  const io = fakeIO(
    {},
    {
      env: { ...c.env },
      openInput: () => chunks(bytes, chunkSize),
      // Text and bytes in the order written, as on a pipe.
      stdout: (t) => void parts.push(Buffer.from(t)),
      stdoutBytes: (b) => void parts.push(Buffer.from(b)),
    },
  );
  const code = await runCli(['explain', c.har, ...c.args], io);
  const out = Buffer.concat(parts);
  return { code, out, err: io.err() };
}

describe('cors-lens explain: output unchanged (golden files from 8c4797b)', () => {
  it('the committed generated inputs are what cases.ts generates', () => {
    for (const [name, text] of Object.entries(generatedHars())) {
      expect(readFileSync(join(golden, 'inputs', `${name}.har`), 'utf8'), name).toBe(text);
    }
  });

  const cases = goldenCases();
  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    '%s',
    { timeout: 120_000 },
    async (_, c, i) => {
      // 1 MiB as the Node reader gives, or small odd sizes that cut tokens and characters.
      const r = await run(c, i % 3 === 0 ? 1 << 20 : 997 + i * 61);
      const want = readFileSync(join(golden, 'out', c.name));
      expect(r.code).toBe(status[c.name]!.code);
      expect(r.err).toBe(status[c.name]!.stderr);
      if (!r.out.equals(want)) {
        // The first differing line, not a 100 kB diff.
        const got = r.out.toString().split('\n');
        const exp = want.toString().split('\n');
        const at = got.findIndex((line, n) => line !== exp[n]);
        expect({ line: at + 1, got: got[at] }).toEqual({ line: at + 1, got: exp[at] });
      }
      expect(r.out.equals(want)).toBe(true);
    },
  );
});
