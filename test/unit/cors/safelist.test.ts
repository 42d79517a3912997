import { describe, expect, it } from 'vitest';
import { isSafelistedHeader, isSafelistedMethod } from '../../../src/cors/index.ts';
import { extractMimeEssence, isSimpleRange, safelistVerdict } from '../../../src/cors/safelist.ts';

describe('isSafelistedMethod', () => {
  it.each(['GET', 'HEAD', 'POST', 'get', 'pOsT'])('%s is safelisted (compared upper-case)', (m) => {
    expect(isSafelistedMethod(m)).toBe(true);
  });
  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GETX', ''])('%s is not', (m) => {
    expect(isSafelistedMethod(m)).toBe(false);
  });
});

describe('content-type (Chromium ExtractMimeTypeFromMediaType)', () => {
  it.each([
    'text/plain',
    'Text/Plain;charset=utf-8',
    '  text/plain ; charset=UTF-8',
    'text/plain;',
    'text/plain;garbage',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----x',
    'message/ad-auction-trusted-signals-request',
    'text/plain; charset=\u00e9',
  ])('accepts %j', (v) => expect(isSafelistedHeader('Content-Type', v)).toBe(true));
  it.each([
    'text /plain',
    'text/plain,',
    'text/plain,text/plain',
    'text/plain\v',
    'application/www-form-urlencoded',
    'application/json',
    'text/plain/x',
    '',
    'text/',
    '/plain',
    'text/plain; a="b(c)"',
  ])('rejects %j', (v) => expect(isSafelistedHeader('content-type', v)).toBe(false));
  it('extracts the essence', () => {
    expect(extractMimeEssence(' text/plain ;x')).toBe('text/plain');
    expect(extractMimeEssence('text/ plain')).toBeUndefined();
  });
});

describe('accept / accept-language / content-language', () => {
  it('accept allows anything but CORS-unsafe bytes, bytes >= 0x80 included', () => {
    expect(isSafelistedHeader('Accept', '*/*')).toBe(true);
    expect(isSafelistedHeader('Accept', 'text/html, application/xhtml+xml;q=0.9, \u00ff')).toBe(
      true,
    );
    for (const bad of [
      '"',
      '(',
      ')',
      ':',
      '<',
      '>',
      '?',
      '@',
      '[',
      '\\',
      ']',
      '{',
      '}',
      '\u007f',
      '\u0001',
    ]) {
      expect(isSafelistedHeader('accept', `a${bad}b`), bad).toBe(false);
    }
    expect(isSafelistedHeader('accept', 'a\tb')).toBe(true);
  });
  it('languages allow only 0-9 A-Z a-z space * , - . ; =', () => {
    expect(isSafelistedHeader('Accept-Language', 'en-US,en;q=0.9, *')).toBe(true);
    expect(isSafelistedHeader('content-language', 'de-DE')).toBe(true);
    expect(isSafelistedHeader('content-language', 'de_DE')).toBe(false);
    expect(isSafelistedHeader('accept-language', 'en\u00e9')).toBe(false);
  });
});

describe('range', () => {
  it.each(['bytes=0-', 'bytes=100-200', 'BYTES=5-5', 'bytes=+1-2'])('accepts %j', (v) =>
    expect(isSafelistedHeader('range', v)).toBe(true),
  );
  it.each([
    'bytes=-200',
    'bytes=200-100',
    'bytes= 1-2',
    'bytes=1-2,3-4',
    'bytes=1-2,',
    'items=1-2',
    'bytes',
    'bytes=',
    'bytes=a-b',
    'bytes=99999999999999999999-',
  ])('rejects %j', (v) => expect(isSimpleRange(v.toLowerCase())).toBe(false));
});

describe('length limits and Chromium extras', () => {
  it('128 bytes pass, 129 do not', () => {
    expect(isSafelistedHeader('accept', 'a'.repeat(128))).toBe(true);
    expect(isSafelistedHeader('accept', 'a'.repeat(129))).toBe(false);
    expect(safelistVerdict('accept', 'a'.repeat(129))).toBe('value-too-long');
    // Two-byte UTF-8 characters count twice.
    expect(isSafelistedHeader('accept', '\u0100'.repeat(65))).toBe(false);
  });
  it('client hints are value-validated', () => {
    expect(isSafelistedHeader('DPR', '2.5')).toBe(true);
    expect(isSafelistedHeader('dpr', '2.')).toBe(false);
    expect(isSafelistedHeader('device-memory', '.5')).toBe(false);
    expect(isSafelistedHeader('width', '300')).toBe(true);
    expect(isSafelistedHeader('viewport-width', '3.5')).toBe(false);
    expect(isSafelistedHeader('rtt', '')).toBe(false);
    expect(isSafelistedHeader('ect', '4g')).toBe(true);
    expect(isSafelistedHeader('ect', '5g')).toBe(false);
    expect(isSafelistedHeader('ect', '4G')).toBe(false);
    expect(isSafelistedHeader('save-data', 'On')).toBe(true);
    expect(isSafelistedHeader('save-data', 'off')).toBe(false);
    expect(isSafelistedHeader('intervention', 'anything <at> all')).toBe(true);
  });
  it('unknown names are never safelisted', () => {
    expect(safelistVerdict('x-requested-with', 'XMLHttpRequest')).toBe('not-safelisted');
    expect(isSafelistedHeader('Authorization', 'Bearer x')).toBe(false);
    expect(isSafelistedHeader('last-event-id', '1')).toBe(false);
  });
});
