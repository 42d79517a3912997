import { describe, expect, it } from 'vitest';
import {
  describeOriginDifference,
  isSameOrigin,
  joinHeader,
  serializeOrigin,
} from '../../../src/cors/index.ts';
import { parseUrl } from '../../../src/cors/url.ts';

describe('serializeOrigin', () => {
  it.each([
    ['https://app.test/path?q#f', 'https://app.test'],
    ['https://app.test:443/', 'https://app.test'],
    ['http://localhost:5173/x', 'http://localhost:5173'],
    ['HTTP://EXAMPLE.com', 'http://example.com'],
    ['http://[::1]:8080/', 'http://[::1]:8080'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example'],
    ['data:text/plain,hi', 'null'],
    ['file:///tmp/x.html', 'null'],
    ['chrome-extension://abcdef/popup.html', 'chrome-extension://abcdef'],
    ['not a url', 'null'],
  ])('%s → %s', (url, origin) => expect(serializeOrigin(url)).toBe(origin));
  it('the fast path and the full parser agree', () => {
    for (const u of [
      'http://a.test:80/x',
      'https://a.test:8443',
      'http://a.test:99999/',
      'http://a..test/',
      'http://1.2.3.4/',
    ]) {
      expect(parseUrl(u)?.origin, u).toBe(
        parseUrl(u.replace('://', '://%41').replace('%41', ''))?.origin,
      );
    }
  });
});

describe('isSameOrigin', () => {
  it('scheme, host and port must all match', () => {
    expect(isSameOrigin('http://localhost:5173', 'http://localhost:5173/api')).toBe(true);
    expect(isSameOrigin('http://localhost:5173', 'http://localhost:3000/api')).toBe(false);
    expect(isSameOrigin('http://app.test', 'https://app.test')).toBe(false);
    expect(isSameOrigin('https://app.test', 'https://api.app.test')).toBe(false);
    expect(isSameOrigin('https://app.test', 'https://app.test:443/x')).toBe(true);
  });
  it('opaque origins are same-origin with nothing', () => {
    expect(isSameOrigin('null', 'null')).toBe(false);
    expect(isSameOrigin('data:,x', 'data:,x')).toBe(false);
  });
});

describe('describeOriginDifference', () => {
  it('names the port for localhost dev servers', () => {
    expect(describeOriginDifference('http://localhost:5173', 'http://localhost:3000/api')).toMatch(
      /port differs \(5173 vs 3000\)/,
    );
  });
  it('names subdomains as separate origins', () => {
    expect(describeOriginDifference('https://app.test', 'https://api.app.test/x')).toMatch(
      /subdomain is a separate origin/,
    );
  });
  it('names the scheme, with default ports', () => {
    const t = describeOriginDifference('http://app.test', 'https://app.test/');
    expect(t).toMatch(/scheme differs/);
    expect(t).toMatch(/port differs \(80 vs 443\)/);
  });
});

describe('joinHeader', () => {
  const headers = [
    { name: 'Access-Control-Allow-Origin', value: ' https://a.test ' },
    { name: 'X', value: '1' },
    { name: 'access-control-allow-origin', value: '\t*' },
  ];
  it('joins repeated lines with ", " after trimming LWS, case-insensitively', () => {
    expect(joinHeader(headers, 'ACCESS-CONTROL-ALLOW-ORIGIN')).toBe('https://a.test, *');
  });
  it('is undefined when absent and "" when empty', () => {
    expect(joinHeader(headers, 'y')).toBeUndefined();
    expect(joinHeader([{ name: 'Y', value: '  ' }], 'y')).toBe('');
  });
});
