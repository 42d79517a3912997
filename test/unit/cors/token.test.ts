import { binaryString, fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { isToken } from '../../../src/cors/headers.ts';

// RFC 9110 `token`, written the obvious way: the scanner must agree with it on every string.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

describe('isToken', () => {
  it.each(['GET', 'x-my-header', "!#$%&'*+-.^_`|~", 'a1'])('%j is a token', (v) => {
    expect(isToken(v)).toBe(true);
  });
  it.each(['', ' GET', 'GET\n', 'a b', '"x"', 'a/b', 'a:b', 'P\u00dcT', '\u0130'])(
    '%j is not a token',
    (v) => {
      expect(isToken(v)).toBe(false);
    },
  );
  test.prop([
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'!#a-Z9 /:"\u00e9\n'.split('')) }),
      binaryString(),
    ),
  ])('agrees with the RFC 9110 grammar', (v) => {
    expect(isToken(v)).toBe(TOKEN.test(v));
  });
});
