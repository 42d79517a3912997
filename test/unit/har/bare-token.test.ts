/**
 * Bare elements of `log.entries` are read without `JSON.parse` exceptions: the result must be what
 * `JSON.parse` says, value or not, for any text.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { readBareToken } from '../../../src/har/bare-token.ts';

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const tokenish = fc.oneof(
  fc.string({
    unit: fc.constantFrom('-', '+', '0', '1', '9', '.', 'e', 'E', ' ', '\n', '\u00a0', 'a'),
  }),
  fc.constantFrom(
    'true',
    'false',
    'null',
    'nul',
    'True',
    '-0',
    '01',
    '1.',
    '.5',
    '1e',
    '1e+5',
    ' 7 ',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

describe('readBareToken', () => {
  test.prop([tokenish], { numRuns: 500 })(
    'agrees with JSON.parse on literals and numbers',
    (text) => {
      // Strings, objects and arrays never reach it (they start with `"`, `{` or `[`).
      fc.pre(!/^[ \t\n\r]*["[{]/.test(text) && text.trim() !== '');
      const expected = parsed(text);
      const got = readBareToken(text);
      if (expected.ok) expect(got).toEqual({ value: expected.value });
      else expect(got).toHaveProperty('problem');
    },
  );

  it('names what it found, clipped', () => {
    expect(readBareToken('origin')).toEqual({ problem: 'not a JSON value: "origin"' });
    expect(readBareToken('x'.repeat(100))).toEqual({
      problem: `not a JSON value: "${'x'.repeat(40)}…"`,
    });
  });
});
