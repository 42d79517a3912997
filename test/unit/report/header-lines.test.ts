/**
 * `replaceHeaderLines` (src/report/header-lines.ts) does what the multiline pattern it replaced
 * did, on any text: every line terminator JavaScript's `^`/`$` know, blanks, colons, empty lines.
 */
import { binaryString, fc, test } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import { replaceHeaderLines } from '../../../src/report/header-lines.ts';

const HEADER_LINE = /^([ \t]*)([A-Za-z0-9-]+)([ \t]*:[ \t]*)(.*)$/gm;

/** The replacement both are given: some names change their value, the others keep the line. */
const change = (name: string, value: string): string | undefined =>
  /^(authorization|x-[a-z]*token|cookie)$/i.test(name) ? `<${value.length}>` : undefined;

function reference(text: string): string {
  return text.replace(
    HEADER_LINE,
    (whole, indent: string, name: string, sep: string, value: string) => {
      const v = change(name, value);
      return v === undefined ? whole : `${indent}${name}${sep}${v}`;
    },
  );
}

const piece = fc.constantFrom(
  'Authorization',
  'x-auth-token',
  'cookie',
  'Accept',
  'origin',
  ':',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  'Bearer abc',
  ': ',
  'a-b',
  '-',
  '"',
  'é',
  '',
);

describe('replaceHeaderLines', () => {
  test.prop([fc.array(piece, { maxLength: 40 }).map((p) => p.join(''))], { numRuns: 2000 })(
    'equals the multiline pattern on lines built from header-like pieces',
    (text) => {
      expect(replaceHeaderLines(text, change)).toBe(reference(text));
    },
  );

  test.prop([binaryString({ maxLength: 200 })], { numRuns: 500 })(
    'equals the multiline pattern on any text',
    (text) => {
      expect(replaceHeaderLines(text, change)).toBe(reference(text));
    },
  );
});
