import { describe, expect, it } from 'vitest';
import {
  apiOriginPattern,
  parseApiOrigin,
  parseSiteOrigin,
} from '../../../src/overrides/origin.ts';

describe('parseSiteOrigin', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:5173'],
    ['  http://localhost:5173/  ', 'http://localhost:5173'],
    ['HTTP://LOCALHOST:5173', 'http://localhost:5173'],
    ['http://example.com:80', 'http://example.com'],
    ['https://example.com:443/', 'https://example.com'],
    ['https://example.com:8443', 'https://example.com:8443'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('normalizes %s', (input, origin) => {
    expect(parseSiteOrigin(input)).toEqual({ origin });
  });

  it.each([
    ['localhost:5173', 'Add the scheme: http://localhost:5173'],
    ['localhost', 'Add the scheme: http://localhost'],
    ['127.0.0.1:8080/app', 'Add the scheme: http://127.0.0.1:8080'],
    ['example.com', 'Add the scheme: https://example.com'],
    ['http:/localhost:5173', 'two slashes: http://localhost:5173'],
    ['http://localhost:5173/app', 'Only the origin is used: http://localhost:5173 (remove "/app")'],
    ['http://localhost:5173/?q=1#x', 'remove "/?q=1#x"'],
    ['http://*.localhost', 'cannot contain a wildcard'],
    ['http://localhost:*', 'cannot contain a wildcard'],
    ['file:///home/me/index.html', 'file: pages have an opaque origin'],
    ['ws://localhost:5173', 'Only http:// and https://'],
    ['chrome-extension://abc', 'Only http:// and https://'],
    ['http://user:pw@localhost:5173', 'Remove the "user:password@" part'],
    ['http://localhost:70000', 'port must be a number from 1 to 65535'],
    ['', 'Enter the site'],
    ['http://local host', 'no spaces'],
  ])('explains %j', (input, message) => {
    const result = parseSiteOrigin(input);
    expect(result.origin).toBeUndefined();
    expect(result.error).toContain(message);
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 42, {}, 'http://', '::', 'http://[', '%%%'] as unknown[]) {
      const result = parseSiteOrigin(junk as string);
      expect(result.origin === undefined || typeof result.origin === 'string').toBe(true);
    }
  });
});

describe('parseApiOrigin', () => {
  it('accepts exact origins and a leading-label wildcard', () => {
    expect(parseApiOrigin('http://localhost:3000')).toEqual({ origin: 'http://localhost:3000' });
    expect(parseApiOrigin('https://*.Example.COM:8443')).toEqual({
      origin: 'https://*.example.com:8443',
    });
    expect(apiOriginPattern('https://*.example.com:8443')).toEqual({
      scheme: 'https',
      host: 'example.com',
      port: '8443',
      wildcard: true,
    });
  });

  it.each([
    ['*', 'choose "any"'],
    ['*://api.example.com', 'scheme cannot be a wildcard'],
    ['http://localhost:*', 'port cannot be a wildcard'],
    ['https://api.*.example.com', 'leftmost labels'],
    ['https://*.10.0.0.1', 'IP address has no subdomains'],
    ['localhost:3000', 'Add the scheme: http://localhost:3000'],
    ['https://*.example.com/v1', 'Only the origin is used: https://*.example.com'],
  ])('explains %j', (input, message) => {
    const result = parseApiOrigin(input);
    expect(result.origin).toBeUndefined();
    expect(result.error).toContain(message);
  });
});
