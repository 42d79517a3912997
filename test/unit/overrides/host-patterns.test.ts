import { test, webUrl } from '../../setup/property-test.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_HTTP_HOSTS,
  hostPatternsFor,
  isCovered,
  missingPatterns,
  originToMatchPattern,
  patternsToGiveBack,
} from '../../../src/overrides/host-patterns.ts';

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

  test.prop([webUrl({ withFragments: false, withQueryParameters: false })])(
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

describe('which of our grants can be given back', () => {
  it('keeps what a need uses, gives back the rest, never touches what is not ours', () => {
    const granted = ['http://localhost/*', 'http://127.0.0.1/*', 'https://user.example/*'];
    expect(
      patternsToGiveBack(
        ['http://localhost/*', 'http://127.0.0.1/*'],
        ['http://localhost/*'],
        granted,
      ),
    ).toEqual(['http://127.0.0.1/*']);
  });

  it('gives back a broad grant when narrower ones serve every need', () => {
    expect(
      patternsToGiveBack(
        ['http://*/*', 'http://localhost/*'],
        ['http://localhost/*'],
        ['http://*/*', 'http://localhost/*'],
      ),
    ).toEqual(['http://*/*']);
  });

  const pattern = fc.constantFrom(
    'http://*/*',
    'https://*/*',
    'http://localhost/*',
    'http://127.0.0.1/*',
    'https://*.example.com/*',
    'https://api.example.com/*',
  );
  test.prop([fc.uniqueArray(pattern), fc.uniqueArray(pattern), fc.uniqueArray(pattern)])(
    'returns only our granted patterns, and every need covered before stays covered',
    (ours, needed, others) => {
      const granted = [...new Set([...ours, ...others])];
      const giveBack = patternsToGiveBack(ours, needed, granted);
      for (const p of giveBack) expect(ours).toContain(p);
      const after = granted.filter((g) => !giveBack.includes(g));
      for (const q of needed) {
        if (isCovered(q, granted)) expect(isCovered(q, after)).toBe(true);
      }
      // Nothing of ours that stays could go too.
      for (const p of ours.filter((o) => after.includes(o))) {
        const without = after.filter((g) => g !== p);
        expect(needed.some((q) => isCovered(q, after) && !isCovered(q, without))).toBe(true);
      }
    },
  );
});
