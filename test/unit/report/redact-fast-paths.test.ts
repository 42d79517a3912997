/**
 * The fast paths of `redactText` (texts no pattern can match are returned at once, results are
 * remembered, long tokens are found in one pass) give what the patterns alone give; `redactNewText`
 * (the same without the memo) gives what `redactText` does.
 */
import { binaryString, fc, test } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import { REDACTED, redactNewText, redactText } from '../../../src/report/index.ts';

/** Text built from pieces that start or end every pattern. */
const piece = fc.constantFrom(
  'Bearer ',
  'Basic ',
  'DPoP\u00a0',
  'Token\t',
  'Negotiate ',
  'eyJ',
  'abcd',
  '1234',
  'AB12cd34EF56gh78IJ90kl12',
  '.',
  '=',
  '?token=',
  '&x=',
  '@',
  '://',
  'https://',
  ':',
  'Authorization: ',
  'X-Api-Key: ',
  '\n',
  ' ',
  '-',
  '_',
  'é',
  '😀',
);
/** A scheme credential after any space `\s` knows, Unicode ones included. */
const schemeCredential = fc
  .tuple(
    fc.constantFrom('Bearer', 'Basic', 'DPoP', 'Token', 'Negotiate'),
    fc.constantFrom(' ', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff'),
    fc.string({
      unit: fc.constantFrom('a', 'B', '7', '.', '~', '+', '/'),
      minLength: 6,
      maxLength: 12,
    }),
  )
  .map((parts) => parts.join(''));
const text = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
  schemeCredential,
  binaryString({ maxLength: 80 }),
);

/** The long-token rule restated: 2+ capitals, 2+ small letters, 2+ digits over a whole run. */
function looksRandom(run: string): boolean {
  const count = (re: RegExp) => (run.match(re) ?? []).length;
  return count(/[A-Z]/g) >= 2 && count(/[a-z]/g) >= 2 && count(/[0-9]/g) >= 2;
}

describe('redactText fast paths', () => {
  test.prop([text], { numRuns: 500 })(
    'a text taken as plain is left as the patterns leave it',
    (t) => {
      // A last line `:` forces the full path; it ends every pattern and starts none.
      expect(`${redactText(t)}\n:`).toBe(redactText(`${t}\n:`));
    },
  );

  test.prop([text], { numRuns: 300 })('remembered results are the computed ones', (t) => {
    const first = redactText(t);
    expect(redactText(t)).toBe(first);
    // Extra names (none here) bypass the memo.
    expect(redactText(t, { headers: [], params: [] })).toBe(first);
  });

  test.prop([text, fc.boolean()], { numRuns: 300 })(
    'redactNewText (no memo) answers as redactText, before and after it remembers',
    (t, enabled) => {
      const opts = { enabled };
      expect(redactNewText(t, opts)).toBe(redactText(t, opts));
      expect(redactNewText(t, opts)).toBe(redactText(t, opts));
    },
  );

  test.prop(
    [
      fc.string({
        unit: fc.constantFrom('A', 'B', 'a', 'b', '1', '2', '-', '_', ' ', '.', '/'),
        maxLength: 120,
      }),
    ],
    { numRuns: 500 },
  )('long tokens: every whole run of 24+ token characters that looks random', (t) => {
    const expected = t.replace(/[A-Za-z0-9_-]{24,}/g, (run) => (looksRandom(run) ? REDACTED : run));
    expect(redactText(t)).toBe(expected);
  });
});
