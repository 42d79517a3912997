/**
 * The text report through the Node entry's spools (bin/node-io.mjs), which keep records as UTF-8
 * and copy them to a byte output without decoding them: the same bytes as the golden outputs
 * (written through text, at 8c4797b), and the same as the in-memory spool on a recording that
 * repeats, where the explain memo hands the spools parts it encoded once. Records are numbered by
 * their place in the blocked spool; these runs check that too (`n/total` on every block).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/index.ts';
import type { Spool } from '../../../src/cli/spool.ts';
import { writeBigHar } from '../../../scripts/bench/lib/big-har.ts';
import { goldenCases } from '../../fixtures/cli-golden/cases.ts';
import { fakeIO } from './io.ts';
// @ts-expect-error -- a plain ES module of the Node entry, without types
import { cleanUp, spool as nodeSpool } from '../../../bin/node-io.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const golden = join(root, 'test/fixtures/cli-golden');
const dir = mkdtempSync(join(tmpdir(), 'cors-lens-byte-spool-'));

afterAll(() => {
  cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

/** Output bytes in the order written; `spool` absent: the in-memory spool (text). */
async function explain(args: string[], bytes: Buffer, spool?: () => Spool) {
  const parts: Buffer[] = [];
  const io = fakeIO(
    {},
    {
      env: { NO_COLOR: '1' },
      openInput: async function* () {
        // Odd chunks, so records and characters are cut anywhere on the way in.
        for (let at = 0, n = 4093; at < bytes.length; at += n, n += 7) {
          yield bytes.subarray(at, at + n);
        }
      },
      stdout: (t) => void parts.push(Buffer.from(t)),
      stdoutBytes: (b) => void parts.push(Buffer.from(b)),
      ...(spool ? { spool } : {}),
    },
  );
  const code = await runCli(['explain', ...args], io);
  return { code, out: Buffer.concat(parts), err: io.err() };
}

describe('text report through byte spools', () => {
  const textCases = goldenCases().filter((c) => !c.args.includes('--json'));

  it('has text cases to check', () => expect(textCases.length).toBeGreaterThan(5));

  it.each(textCases.map((c) => [c.name, c] as const))(
    '%s: the golden bytes',
    { timeout: 120_000 },
    async (_, c) => {
      const parts: Buffer[] = [];
      const io = fakeIO(
        {},
        {
          env: { ...c.env },
          openInput: async function* () {
            yield readFileSync(join(root, c.har));
          },
          stdout: (t) => void parts.push(Buffer.from(t)),
          stdoutBytes: (b) => void parts.push(Buffer.from(b)),
          spool: nodeSpool as () => Spool,
        },
      );
      await runCli(['explain', c.har, ...c.args], io);
      const want = readFileSync(join(golden, 'out', c.name));
      expect(Buffer.concat(parts).equals(want)).toBe(true);
    },
  );

  it.each([['blocked'], ['realistic']] as const)(
    'a recording that repeats (%s mix): the same bytes as the in-memory spool',
    { timeout: 120_000 },
    async (mix) => {
      const path = join(dir, `${mix}.har`);
      await writeBigHar(path, 3e6, { mix });
      const bytes = readFileSync(path);
      for (const extra of [[], ['--all']]) {
        const viaText = await explain([path, ...extra], bytes);
        const viaBytes = await explain([path, ...extra], bytes, nodeSpool as () => Spool);
        expect(viaBytes.code).toBe(viaText.code);
        expect(viaBytes.err).toBe(viaText.err);
        expect(viaBytes.out.length).toBe(viaText.out.length);
        expect(viaBytes.out.equals(viaText.out)).toBe(true);
        // Numbered blocks: the last one says n/n.
        const text = viaBytes.out.toString();
        const total = /, (\d+) blocked/.exec(text)?.[1];
        expect(total).toBeDefined();
        expect(text).toContain(`BLOCKED ${total}/${total} `);
      }
      writeFileSync(path, '');
    },
  );
});
