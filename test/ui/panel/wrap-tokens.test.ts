import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { isSpace, wrapTokens } from '../../../extension/devtools/components/wrap-tokens.ts';

describe('wrapTokens (where the sequence diagram may wrap a line)', () => {
  it('keeps header names, values and paths whole; cuts at spaces and after commas', () => {
    expect(wrapTokens('Access-Control-Request-Headers: content-type,x-request-id')).toEqual([
      'Access-Control-Request-Headers:',
      ' ',
      'content-type,',
      'x-request-id',
    ]);
    expect(wrapTokens('Access-Control-Allow-Methods: GET, POST')).toEqual([
      'Access-Control-Allow-Methods:',
      ' ',
      'GET,',
      ' ',
      'POST',
    ]);
    expect(wrapTokens('OPTIONS /api/v2/very-long-path/with-dashes?x=1')).toEqual([
      'OPTIONS',
      ' ',
      '/api/v2/very-long-path/with-dashes?x=1',
    ]);
    expect(wrapTokens('Access-Control-Allow-Origin: https://app.example.test:8443')).toEqual([
      'Access-Control-Allow-Origin:',
      ' ',
      'https://app.example.test:8443',
    ]);
    expect(wrapTokens('')).toEqual([]);
  });

  test.prop([fc.string({ unit: fc.constantFrom('a', '-', '/', ':', ',', ' ', 'Z') })])(
    'the pieces give the line back; spaces stand alone; a token never holds a space or an inner comma',
    (line) => {
      const pieces = wrapTokens(line);
      expect(pieces.join('')).toBe(line);
      for (const piece of pieces) {
        if (isSpace(piece)) continue;
        expect(piece).not.toContain(' ');
        expect(piece.slice(0, -1)).not.toContain(',');
      }
    },
  );
});
