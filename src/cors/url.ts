/**
 * URL parsing for src/: WHATWG `URL` (the closest thing to Chromium's GURL available in pure
 * TypeScript). `tryParseUrl` and `originOf` are the plain, never-throwing access the fixes, the
 * overrides and the HAR reader share; `parseUrl` is the engine's view of it, behind a cache, because
 * a HAR holds thousands of URLs on a handful of origins.
 *
 * `URL` is reached through `globalThis` on purpose: `src/` compiles without the DOM lib, yet every
 * runtime the engine targets (Node, service worker, extension pages) provides it.
 */

export interface ParsedUrl {
  /** Lower-case scheme without the colon, e.g. `https`. */
  scheme: string;
  /** Host as serialized by the URL parser (IPv6 in brackets, IDN in punycode). */
  host: string;
  /** Port as written, `''` when it is the scheme's default. */
  port: string;
  /** Serialized origin: `https://host[:port]`, or `null` for opaque origins (data:, file:, …). */
  origin: string;
  username: string;
  password: string;
}

/** What the WHATWG `URL` parser exposes: the fields every module of src/ reads. */
export interface UrlParts {
  protocol: string;
  username: string;
  password: string;
  hostname: string;
  host: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  origin: string;
  href: string;
}
type UrlConstructor = new (input: string, base?: string) => UrlParts;

const UrlCtor = (globalThis as unknown as { URL: UrlConstructor }).URL;

/** `new URL(input, base)`, or `undefined` where it would throw. Uncached: callers cache. */
export function tryParseUrl(input: string, base?: string): UrlParts | undefined {
  try {
    return base === undefined ? new UrlCtor(input) : new UrlCtor(input, base);
  } catch {
    return undefined;
  }
}

/**
 * The WHATWG serialized origin of a URL, `null` when opaque or unparseable. Unlike
 * `serializeOrigin`, extension schemes stay opaque: this is the origin as `URL` and DNR see it.
 */
export function originOf(url: string): string {
  return tryParseUrl(url)?.origin ?? 'null';
}

/** Schemes whose origins Chromium treats as tuple origins although WHATWG calls them opaque. */
const TUPLE_ORIGIN_SCHEMES = new Set([
  'chrome-extension',
  'moz-extension',
  'chrome',
  'chrome-untrusted',
  'isolated-app',
]);

const CACHE_LIMIT = 4096;
const authorityCache = new Map<string, ParsedUrl | null>();
const fullCache = new Map<string, ParsedUrl | null>();

function remember(
  cache: Map<string, ParsedUrl | null>,
  key: string,
  value: ParsedUrl | null,
): void {
  // A crude bound: clearing beats an LRU here, the working set of one HAR is small.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function fromUrl(u: UrlParts): ParsedUrl {
  const scheme = u.protocol.slice(0, -1);
  let origin = u.origin;
  if (origin === 'null' && TUPLE_ORIGIN_SCHEMES.has(scheme) && u.host !== '') {
    origin = `${scheme}://${u.host}`;
  }
  return {
    scheme,
    host: u.hostname,
    port: u.port,
    origin,
    username: u.username,
    password: u.password,
  };
}

function construct(input: string, base?: string): ParsedUrl | null {
  const u = tryParseUrl(input, base);
  return u === undefined ? null : fromUrl(u);
}

/** Characters that may appear in a plain `host[:port]` authority without changing how it parses. */
function isPlainAuthorityChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x3a || // :
    c === 0x5b || // [
    c === 0x5d // ]
  );
}

/**
 * Parses an absolute URL. For plain `http(s)://host[:port]/…` strings only the authority decides
 * validity and origin, so those share one cache entry per origin.
 */
export function parseUrl(input: string): ParsedUrl | null {
  // One exchange asks about the same few URLs many times in a row.
  if (input === lastInput) return lastResult;
  const result = parseUncached(input);
  lastInput = input;
  lastResult = result;
  return result;
}

let lastInput: string | undefined;
let lastResult: ParsedUrl | null = null;

function parseUncached(input: string): ParsedUrl | null {
  const schemeEnd = input.startsWith('https://') ? 8 : input.startsWith('http://') ? 7 : -1;
  if (schemeEnd > 0) {
    let end = schemeEnd;
    let plain = true;
    for (; end < input.length; end++) {
      const c = input.charCodeAt(end);
      if (c === 0x2f || c === 0x3f || c === 0x23) break; // / ? #
      if (!isPlainAuthorityChar(c)) {
        plain = false;
        break;
      }
    }
    if (plain && end > schemeEnd) {
      const key = input.slice(0, end);
      const hit = authorityCache.get(key);
      if (hit !== undefined) return hit;
      const parsed = construct(key + '/');
      remember(authorityCache, key, parsed);
      return parsed;
    }
  }
  const hit = fullCache.get(input);
  if (hit !== undefined) return hit;
  const parsed = construct(input);
  remember(fullCache, input, parsed);
  return parsed;
}

/** Resolves a (possibly relative) `Location` against the URL it came from. Not cached: rare. */
export function resolveUrl(input: string, base: string): ParsedUrl | null {
  return construct(input, base);
}

/** True when `new URL(value)` would accept it: our stand-in for `GURL(value).is_valid()`. */
export function isValidAbsoluteUrl(value: string): boolean {
  return parseUrl(value) !== null;
}

export function isHttpScheme(scheme: string): boolean {
  return scheme === 'http' || scheme === 'https';
}
