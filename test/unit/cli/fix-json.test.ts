/**
 * `--json` rows written with their fixes as UTF-8 parts (`fix-json.ts`) are the bytes the generic
 * way gives: the whole row redacted by `redactForOutput`, serialised by `jsonRow`, encoded. On
 * generated fixes with secrets, escapes, control characters, lone surrogates and non-ASCII text,
 * with and without redaction, with the memo kept and with it cleared at every text.
 */
import { describe, expect } from 'vitest';
import { createFixJson, jsonRow } from '../../../src/cli/fix-json.ts';
import type { Fix } from '../../../src/fixes/types.ts';
import { redactForOutput, type RedactOptions } from '../../../src/report/index.ts';
import { binaryString, fc, test } from '../../setup/property-test.ts';

const text = fc.oneof(
  binaryString({ maxLength: 40 }),
  fc.constantFrom(
    '',
    'Call `/api/items` instead of `http://localhost:3000/api/items?token=abc`',
    'Authorization: Bearer abcdefgh12345678',
    '  X-Api-Key: k\n',
    'see https://user:pw@host/',
    'eyJhbGciOi.eyJzdWIi.sig',
    'id AB12cd34EF56gh78IJ90kl12',
    'quote " backslash \\ tab \t nul \u0000 del \u007f',
    'lone \ud800 surrogate \udc00',
    'arrow → dash — emoji 😀',
    "// vite.config.ts\nexport default defineConfig({\n  server: { proxy: { '/api': 'http://localhost:3002' } },\n});\n",
  ),
);

const fix: fc.Arbitrary<Fix> = fc
  .record(
    {
      stack: fc.constantFrom('express', 'vite-proxy', 'nginx'),
      title: text,
      kind: fc.constantFrom('server', 'proxy'),
      language: fc.constantFrom('js', 'ts', 'nginx'),
      code: text,
      notes: fc.array(text, { maxLength: 4 }),
      detectedBy: text,
      moduleFormat: fc.constantFrom('esm', 'cjs'),
      variants: fc.array(
        fc.record({ label: text, moduleFormat: fc.constantFrom('esm', 'cjs'), code: text }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['stack', 'title', 'kind', 'language', 'code', 'notes'] },
  )
  .map((f) => f as Fix);

const head = fc.record({
  url: text,
  finalUrl: text,
  method: fc.constantFrom('GET', 'PUT'),
  verdict: fc.constant('blocked'),
  reason: fc.option(fc.constant('MissingAllowOriginHeader')),
  summary: text,
});

/** The generic way: the whole row through the walk, `jsonRow`, UTF-8, led by `,`. */
function expected(
  rowHead: object,
  fixes: readonly Fix[],
  omitted: number | undefined,
  redaction: RedactOptions,
): string {
  const row = { ...rowHead, fixes, ...(omitted === undefined ? {} : { fixesOmitted: omitted }) };
  return `,${jsonRow(redactForOutput(row, redaction))}`;
}

function written(parts: readonly Uint8Array[]): string {
  return Buffer.concat(parts).toString('utf8');
}

describe('fix-json: rows as UTF-8 parts', () => {
  test.prop(
    [
      head,
      fc.array(fix, { maxLength: 3 }),
      fc.option(fc.nat(20), { nil: undefined }),
      fc.boolean(),
      fc.boolean(),
    ],
    { numRuns: 300 },
  )(
    'the bytes of the whole row redacted, serialised and encoded',
    (rowHead, fixes, omitted, redact, tinyMemo) => {
      const redaction = { enabled: redact };
      const writer = createFixJson(redaction, tinyMemo ? 1 : undefined);
      const want = expected(rowHead, fixes, omitted, redaction);
      expect(written(writer.row(rowHead, fixes, omitted))).toBe(want);
      // Again, from the memo (or past a cleared one).
      expect(written(writer.row(rowHead, fixes, omitted))).toBe(want);
    },
  );

  test('the memo stays within its bound', () => {
    const writer = createFixJson({}, 4096);
    const head = { url: 'http://a/' };
    for (let port = 3000; port < 3200; port++) {
      const code = `proxy: { '/api': 'http://localhost:${port}' }`;
      writer.row(
        head,
        [{ stack: 'vite-proxy', title: 'Vite', kind: 'proxy', language: 'ts', code, notes: [] }],
        undefined,
      );
      expect(writer.memoChars()).toBeLessThanOrEqual(4096);
    }
    expect(writer.memoChars()).toBeGreaterThan(0);
  });

  test('a fix holding what the walk treats as a header or cookies goes the generic way', () => {
    const odd = {
      stack: 'express',
      title: 'T',
      kind: 'server',
      language: 'js',
      code: 'x',
      notes: [],
      variants: [{ name: 'Authorization', value: 'Bearer abcdefgh12345678' }],
      cookies: [{ name: 'sid', value: 'secret' }],
    } as unknown as Fix;
    const writer = createFixJson({});
    const head = { url: 'http://a/' };
    const out = written(writer.row(head, [odd], undefined));
    expect(out).toBe(expected({ url: 'http://a/' }, [odd], undefined, {}));
    expect(out).not.toContain('abcdefgh12345678');
    expect(out).not.toContain('secret');
  });

  test('a secret in a fix is redacted, in every place it repeats', () => {
    const secret: Fix = {
      stack: 'express',
      title: 'Express',
      kind: 'server',
      language: 'js',
      code: "fetch('http://localhost:3000/api?token=s3cr3t')",
      notes: ['Authorization: Bearer abcdefgh12345678'],
    };
    const writer = createFixJson({});
    const head = { url: 'http://a/' };
    for (let i = 0; i < 2; i++) {
      const out = written(writer.row(head, [secret, secret], 1));
      expect(out).not.toContain('s3cr3t');
      expect(out).not.toContain('abcdefgh12345678');
      expect(out).toContain('"fixesOmitted": 1');
    }
  });
});
