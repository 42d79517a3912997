import { fc, test, webUrl } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { originOf, tryParseUrl } from '../../../src/cors/url.ts';

// The never-throwing URL access every part of src/ shares must be exactly `new URL`.
const reference = (input: string, base?: string): URL | undefined => {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
};

const urlish = fc.oneof(
  webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'http://LOCALHOST:80/a',
    'chrome-extension://abc/page.html',
    'data:text/plain,x',
    'file:///tmp/x',
    'https://user:pw@example.test:8443/p',
    '/relative',
    '',
    'http://[::1]:3000',
  ),
  fc.string(),
);

describe('tryParseUrl and originOf', () => {
  test.prop([urlish])('agree with new URL on any string', (input) => {
    const want = reference(input);
    expect(tryParseUrl(input)?.href).toBe(want?.href);
    expect(originOf(input)).toBe(want?.origin ?? 'null');
  });
  test.prop([fc.constantFrom('../x', '/y?z', '//other.test/', 'q#f'), urlish])(
    'resolve against a base like new URL',
    (input, base) => {
      expect(tryParseUrl(input, base)?.href).toBe(reference(input, base)?.href);
    },
  );
  it('keeps extension origins opaque, as URL does', () => {
    expect(originOf('chrome-extension://abc/page.html')).toBe('null');
    expect(originOf('http://LOCALHOST:80/a')).toBe('http://localhost');
  });
});
