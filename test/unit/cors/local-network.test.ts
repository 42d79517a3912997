import { fc, test, webUrl } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import {
  addressSpaceOfHost,
  looksLikeLocalNetworkRequest,
} from '../../../src/cors/local-network.ts';
import { describeNetError, isCorsNetError } from '../../../src/cors/net-errors.ts';
import { parseUrl } from '../../../src/cors/url.ts';

describe('addressSpaceOfHost (LNA spaces by name or IP literal)', () => {
  it.each([
    ['localhost', 'loopback'],
    ['api.localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'local'],
    ['172.16.0.1', 'local'],
    ['172.31.255.255', 'local'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'local'],
    ['169.254.1.1', 'local'],
    ['100.64.0.1', 'local'],
    ['[fd00::1]', 'local'],
    ['[fe80::1]', 'local'],
    ['[::ffff:192.168.0.1]', 'local'],
    ['printer.local', 'local'],
    ['8.8.8.8', 'public'],
    ['[2001:4860::1]', 'public'],
    ['example.com', 'unknown'],
  ])('%s → %s', (host, space) => expect(addressSpaceOfHost(host)).toBe(space));
});

describe('looksLikeLocalNetworkRequest', () => {
  it('public (or unknown) page to a private or loopback target', () => {
    expect(looksLikeLocalNetworkRequest('https://app.example.com', 'http://192.168.0.10/api')).toBe(
      true,
    );
    expect(looksLikeLocalNetworkRequest('https://app.example.com', 'http://localhost:3000/')).toBe(
      true,
    );
  });
  it('not for local to loopback, or to public targets', () => {
    expect(looksLikeLocalNetworkRequest('http://localhost:5173', 'http://localhost:3000/')).toBe(
      false,
    );
    expect(looksLikeLocalNetworkRequest('http://192.168.0.2', 'http://127.0.0.1/')).toBe(false);
    expect(looksLikeLocalNetworkRequest('http://localhost:5173', 'https://api.example.com/')).toBe(
      false,
    );
  });
});

describe('net errors', () => {
  it('only ERR_FAILED is the CORS mark', () => {
    expect(isCorsNetError('net::ERR_FAILED')).toBe(true);
    expect(isCorsNetError('net::ERR_CONNECTION_REFUSED')).toBe(false);
  });
  it('explains common ones and falls back for the rest', () => {
    expect(describeNetError('net::ERR_BLOCKED_BY_CLIENT')).toMatch(/extension/);
    expect(describeNetError('net::ERR_SOMETHING_NEW')).toBe(
      'net::ERR_SOMETHING_NEW is a network-level failure.',
    );
  });
});

describe('parseUrl agrees with the WHATWG URL parser', () => {
  const variants = fc.tuple(
    webUrl({ withQueryParameters: true, withFragments: true }),
    fc.constantFrom('', 'upper', 'port80', 'port443', 'tab'),
  );
  test.prop([variants], { numRuns: 300 })('origin, scheme and host', ([url, variant]) => {
    let u = url;
    if (variant === 'upper') u = u.toUpperCase();
    if (variant === 'port80') u = u.replace(/^(https?:\/\/[^/?#]+)/, '$1:80');
    if (variant === 'port443') u = u.replace(/^(https?:\/\/[^/?#]+)/, '$1:443');
    if (variant === 'tab') u = u.replace('://', '://\t');
    let expected: URL | undefined;
    try {
      expected = new URL(u);
    } catch {
      expected = undefined;
    }
    const got = parseUrl(u);
    if (!expected) {
      expect(got).toBeNull();
      return;
    }
    expect(got?.origin).toBe(expected.origin);
    expect(got?.scheme).toBe(expected.protocol.slice(0, -1));
    expect(got?.host).toBe(expected.hostname);
  });
});
