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
import type { Override } from './types.ts';

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

/** Whether `granted` covers `pattern` (`http://*\/*` covers every http host, `*.x.com` its subdomains). */
export function isCovered(pattern: string, granted: Iterable<string>): boolean {
  const have = new Set(granted);
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
}

/** Patterns in `wanted` that `granted` does not cover (`http://*\/*` covers every http host). */
export function missingPatterns(wanted: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return wanted.filter((p) => !isCovered(p, have));
}

/**
 * Which of the patterns CORS Lens asked for (`ours`) can be given back: removing them leaves every
 * `needed` pattern that `granted` covers now still covered. Greedy, broadest first, so that
 * `http://*\/*` goes when a narrower grant (`http://localhost/*`) already serves what is needed.
 * Only patterns in `ours` are ever returned: what the user granted some other way stays.
 */
export function patternsToGiveBack(
  ours: readonly string[],
  needed: readonly string[],
  granted: readonly string[],
): string[] {
  const remaining = new Set(granted);
  const wasCovered = needed.filter((p) => isCovered(p, remaining));
  const breadth = (p: string): number => (p.includes('://*/') ? 0 : p.includes('://*.') ? 1 : 2);
  const candidates = [...new Set(ours)]
    .filter((p) => remaining.has(p))
    .sort((a, b) => breadth(a) - breadth(b) || a.localeCompare(b));
  const giveBack: string[] = [];
  for (const p of candidates) {
    remaining.delete(p);
    if (wasCovered.every((q) => isCovered(q, remaining))) giveBack.push(p);
    else remaining.add(p);
  }
  return giveBack;
}
