// URL helpers that never throw: DevTools and HAR files hand us data: URLs, blob: URLs and garbage.

/** The serialized origin of a URL, or `null` when it has none (data:, about:, unparsable). */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
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
