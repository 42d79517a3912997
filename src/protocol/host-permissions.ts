/**
 * Which host permissions an override needs. Chromium applies a declarativeNetRequest
 * `modifyHeaders` rule only when the extension holds host access to BOTH the request URL and its
 * initiator (checked in Chromium 156: access to either one alone leaves the response untouched;
 * Firefox documents the same). So relaxing `http://localhost:5173` towards `http://127.0.0.1:3000`
 * needs both origins, and API origins `'any'` needs every http(s) host.
 *
 * Match patterns carry no port here: Firefox refuses ports in match patterns, and Chrome's
 * `http://localhost/*` covers every port of the host anyway.
 */
import type { Override } from '../overrides/types.ts';

/** Every http(s) host: what `'any'` API origins need. */
export const ALL_HTTP_HOSTS: readonly string[] = ['http://*/*', 'https://*/*'];

/** `http://localhost:5173` → `http://localhost/*`; `https://*.example.com` → `https://*.example.com/*`. */
export function originToMatchPattern(origin: string): string | undefined {
  const m = /^(https?):\/\/(\*\.)?([^/:]+|\[[^\]]+\])(?::\d+)?$/i.exec(origin.trim());
  if (!m) return undefined;
  return `${m[1]!.toLowerCase()}://${m[2] ?? ''}${m[3]!.toLowerCase()}/*`;
}

/** Host patterns for `permissions.request` / `contains`, de-duplicated and sorted. */
export function hostPatternsFor(override: Pick<Override, 'site' | 'apiOrigins'>): string[] {
  if (override.apiOrigins === 'any') return [...ALL_HTTP_HOSTS];
  const patterns = new Set<string>();
  for (const origin of [override.site, ...override.apiOrigins]) {
    const pattern = originToMatchPattern(origin);
    if (pattern) patterns.add(pattern);
  }
  return [...patterns].sort();
}

/** Patterns in `wanted` that `granted` does not cover (`http://*\/*` covers every http host). */
export function missingPatterns(wanted: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  const coveredBy = (pattern: string): boolean => {
    if (have.has(pattern) || have.has('<all_urls>')) return true;
    const scheme = pattern.slice(0, pattern.indexOf(':'));
    if (have.has(`${scheme}://*/*`) || have.has('*://*/*')) return true;
    // `https://*.example.com/*` also covers `https://api.example.com/*`.
    const host = /^[a-z]+:\/\/([^/]+)\/\*$/.exec(pattern)?.[1] ?? '';
    for (const g of have) {
      const gm = /^([a-z*]+):\/\/\*\.([^/]+)\/\*$/.exec(g);
      if (!gm || (gm[1] !== scheme && gm[1] !== '*')) continue;
      const domain = gm[2]!;
      const bare = host.replace(/^\*\./, '');
      if (bare === domain || bare.endsWith(`.${domain}`)) return true;
    }
    return false;
  };
  return wanted.filter((p) => !coveredBy(p));
}
