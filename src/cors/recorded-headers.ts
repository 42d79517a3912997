/**
 * Recorded request headers (HAR, `chrome.devtools.network`) include headers the network stack adds
 * after the CORS decision. These helpers separate what the page could have set.
 */
import { joinHeader, trimLws } from './headers.ts';
import type { Header } from './types.ts';

/**
 * Added below CORS by Chromium's network stack or cache (DevTools "Disable cache" adds
 * `Cache-Control`/`Pragma` to every request), yet a page may set them too. A recorded preflight's
 * `Access-Control-Request-Headers` tells the two apart; without one they are given the benefit of
 * the doubt.
 */
export const NETWORK_ADDED_HEADERS: ReadonlySet<string> = new Set([
  'priority',
  'cache-control',
  'pragma',
  'if-modified-since',
  'if-none-match',
  'x-client-data',
  'purpose',
]);

/**
 * The header names a recorded preflight announced (`Access-Control-Request-Headers`), lower-cased,
 * or `undefined` when the preflight's request headers were not recorded at all.
 */
export function announcedHeaderNames(preflightHeaders: readonly Header[]): string[] | undefined {
  if (preflightHeaders.length === 0) return undefined;
  const value = joinHeader(preflightHeaders, 'access-control-request-headers');
  if (value === undefined) return [];
  const names: string[] = [];
  for (const part of value.split(',')) {
    const n = trimLws(part).toLowerCase();
    if (n !== '' && !names.includes(n)) names.push(n);
  }
  return names;
}
