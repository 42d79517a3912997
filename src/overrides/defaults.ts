/**
 * What an override allows without being told, and the bounds on what it may be told.
 */

/**
 * Methods every override allows on preflights, besides the safelisted GET/HEAD/POST. `patch` is
 * listed lower-case on purpose: Blink upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, so
 * `fetch(url, { method: 'patch' })` asks for `patch`, and Allow-Methods matches case-sensitively
 * (the peer CORS Unblock fails every such request).
 */
export const DEFAULT_ALLOWED_METHODS: readonly string[] = [
  'DELETE',
  'OPTIONS',
  'PATCH',
  'PUT',
  'patch',
];

/**
 * Request headers every override allows on preflights: the ones apps commonly set. The safelisted
 * names (accept, accept-language, content-language, content-type, range) are here because a value
 * outside the safelist (e.g. `Content-Type: application/json`) still makes them need listing.
 */
export const DEFAULT_ALLOWED_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'authorization',
  'cache-control',
  'content-language',
  'content-type',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'pragma',
  'range',
  'x-requested-with',
];

/**
 * Access-Control-Max-Age the override puts on preflights it answers. Chromium caches a passing
 * preflight for Max-Age seconds (default 5, capped at 7200): a server's long Max-Age would keep a
 * preflight that passed only thanks to the override cached after the override is switched off, so
 * the switch would seem not to work. 5 s is Chromium's own default: toggling takes effect within
 * seconds, and a burst of requests still shares one preflight.
 */
export const PREFLIGHT_MAX_AGE_SECONDS = 5;

export const LIMITS = {
  apiOrigins: 50,
  methods: 32,
  requestHeaders: 64,
  exposeHeaders: 64,
  learnedMethods: 32,
  learnedHeaders: 64,
  learnedRedirectOrigins: 32,
  learnedRedirectTargets: 32,
  learnedFailedOrigins: 32,
  idLength: 200,
  /** A week: overrides are for a debugging session, not a permanent setting. */
  durationMinutes: 7 * 24 * 60,
  headerNameLength: 128,
} as const;
