/** Redirect handling for CORS (`cors_url_loader.cc: OnReceiveRedirect`, `CheckRedirectLocation`). */
import { resolveUrl, type ParsedUrl } from './url.ts';
import type { NormalResponse } from './response-headers.ts';

/** Chromium's limit: the 21st redirect fails with `net::ERR_TOO_MANY_REDIRECTS`. */
export const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A response //net follows: a redirect status with a non-empty `Location`. */
export function isRedirectResponse(response: NormalResponse): boolean {
  if (!REDIRECT_STATUSES.has(response.status)) return false;
  const loc = response.cors.location;
  return loc !== undefined && loc !== '';
}

/** `Location` resolved against the URL it came from; `null` when it does not parse. */
export function redirectTarget(response: NormalResponse, from: string): ParsedUrl | null {
  const loc = response.cors.location;
  if (loc === undefined) return null;
  return resolveUrl(loc, from);
}

/**
 * User info in a URL. Matches GURL: `user:pass@`, `user@`, `:pass@` count; `@` and `:@` do not
 * (the canonical URL drops empty user info) — checked in Chromium 156.
 */
export function hasUserinfo(url: ParsedUrl): boolean {
  return url.username !== '' || url.password !== '';
}
