// URL helpers that never throw: HAR files carry data: URLs, blob: URLs, relative junk and worse.
import { tryParseUrl } from '../cors/url.ts';

export type UrlScheme = 'http' | 'other' | 'invalid';

export interface ParsedUrl {
  scheme: UrlScheme;
  /** Serialized origin for http(s) URLs, e.g. `http://localhost:3000`. */
  origin: string | null;
  /** The normalized URL, to match a redirect target with the next hop whatever their spelling. */
  href: string | null;
}

/**
 * URLs already in canonical form (what browsers record): lower-case scheme and host, no default
 * port, a path, no dot segments, no character the URL parser would percent-encode. For these the
 * string is its own href and its origin is its prefix, so the URL parser (and the garbage it leaves
 * for 20,000 entries) can be skipped. Anything else goes through `new URL`.
 */
const CANONICAL =
  /^https?:\/\/[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[1-9][0-9]{0,4})?(?:\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%#]*)?$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)|%2e/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Checks in place, without a match array or substrings: it runs for every entry of a big file. */
function fastParse(url: string): ParsedUrl | undefined {
  if (!CANONICAL.test(url)) return undefined;
  const hostStart = url.charCodeAt(4) === 115 /* 's' */ ? 8 : 7;
  // A bare origin (`http://localhost:5173`, an Origin header) has no path: its href gains a `/`.
  const slash = url.indexOf('/', hostStart);
  const originEnd = slash < 0 ? url.length : slash;
  const colon = url.lastIndexOf(':', originEnd);
  const hostEnd = colon > hostStart ? colon : originEnd;
  if (colon > hostStart) {
    const port = Number(url.slice(colon + 1, originEnd));
    const defaultPort = hostStart === 8 ? 443 : 80;
    if (port > 65535 || port === defaultPort) return undefined;
  }
  // Empty labels and punycode are the parser's business (it may reject or rewrite them).
  const dots = url.indexOf('..', hostStart);
  if (dots >= 0 && dots < hostEnd) return undefined;
  const puny = url.indexOf('xn--', hostStart);
  if (puny >= 0 && puny < hostEnd) return undefined;
  // A host whose last label is numeric is an IPv4 address the parser would rewrite (`127.1`,
  // `0x7f.0.0.1`), unless it is already in dotted-decimal form.
  const lastLabel = url.lastIndexOf('.', hostEnd) + 1;
  const first = url.charCodeAt(lastLabel > hostStart ? lastLabel : hostStart);
  if (!(first >= 97 && first <= 122) && !IPV4.test(url.slice(hostStart, hostEnd))) {
    return undefined;
  }
  if (DOT_SEGMENT.test(url)) return undefined;
  if (slash < 0) return { scheme: 'http', origin: url, href: `${url}/` };
  return { scheme: 'http', origin: url.slice(0, originEnd), href: url };
}

export function parseUrl(url: string): ParsedUrl {
  const fast = fastParse(url);
  if (fast !== undefined) return fast;
  const parsed = tryParseUrl(url);
  if (parsed === undefined) return { scheme: 'invalid', origin: null, href: null };
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    return { scheme: 'http', origin: parsed.origin, href: parsed.href };
  }
  return { scheme: 'other', origin: null, href: parsed.href };
}

let lastOriginInput: string | undefined;
let lastOrigin: string | null = null;

/** The origin of an http(s) URL, or null. Remembers the last answer: Origin headers repeat. */
export function httpOriginOf(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  if (url !== lastOriginInput) {
    lastOrigin = parseUrl(url).origin;
    lastOriginInput = url;
  }
  return lastOrigin;
}

/** `Location`-style targets may be relative; HAR `redirectURL` usually is not, but accept both. */
export function resolveUrl(target: string, base: string): string | undefined {
  const fast = fastParse(target);
  if (fast !== undefined) return target;
  return tryParseUrl(target, base)?.href;
}
