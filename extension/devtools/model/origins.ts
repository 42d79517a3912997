// URL helpers that never throw: DevTools and HAR files hand us data: URLs, blob: URLs and garbage.

import { originOf as serializedOrigin } from '../../../src/cors/url.ts';

/** The serialized origin of a URL, or `null` when it has none (data:, about:, unparsable). */
export function originOf(url: string): string | null {
  const origin = serializedOrigin(url);
  return origin === 'null' ? null : origin;
}

/** Host and path without the query, for compact list rows. */
export function shortUrl(url: string): { host: string; path: string } {
  try {
    const u = new URL(url);
    return { host: u.host, path: u.pathname + (u.search ? '?…' : '') };
  } catch {
    return { host: '', path: url };
  }
}
