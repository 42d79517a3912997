import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_HTTP_HOSTS,
  hostPatternsFor,
  missingPatterns,
  originToMatchPattern,
} from '../../../src/protocol/host-permissions.ts';

describe('host permissions an override needs', () => {
  it('needs both the site and each API host (DNR modifies a response only with both)', () => {
    expect(
      hostPatternsFor({
        site: 'http://localhost:5173',
        apiOrigins: ['http://127.0.0.1:3000', 'https://*.example.com'],
      }),
    ).toEqual(['http://127.0.0.1/*', 'http://localhost/*', 'https://*.example.com/*']);
  });

  it('needs every http(s) host for API origins "any"', () => {
    expect(hostPatternsFor({ site: 'http://localhost:5173', apiOrigins: 'any' })).toEqual([
      ...ALL_HTTP_HOSTS,
    ]);
  });

  it('drops ports (Firefox refuses them; Chrome matches every port without one)', () => {
    expect(originToMatchPattern('http://[::1]:8080')).toBe('http://[::1]/*');
    expect(originToMatchPattern('https://API.Example.com')).toBe('https://api.example.com/*');
    expect(originToMatchPattern('file:///x')).toBeUndefined();
  });

  test.prop([fc.webUrl({ withFragments: false, withQueryParameters: false })])(
    'turns any http(s) origin into a portless match pattern',
    (url) => {
      const pattern = originToMatchPattern(new URL(url).origin);
      expect(pattern).toMatch(/^https?:\/\/[^/:]+(\])?\/\*$|^https?:\/\/\[[^\]]+\]\/\*$/);
    },
  );

  it('knows what broader grants cover', () => {
    expect(missingPatterns(['http://localhost/*'], ['http://*/*'])).toEqual([]);
    expect(missingPatterns(['https://a.example.com/*'], ['https://*.example.com/*'])).toEqual([]);
    expect(missingPatterns(['https://*.example.com/*'], ['https://*.example.com/*'])).toEqual([]);
    expect(
      missingPatterns(['http://localhost/*', 'https://x.test/*'], ['http://localhost/*']),
    ).toEqual(['https://x.test/*']);
    expect(missingPatterns(['https://x.test/*'], ['<all_urls>'])).toEqual([]);
    expect(missingPatterns(['https://x.test/*'], ['http://*/*'])).toEqual(['https://x.test/*']);
  });
});
