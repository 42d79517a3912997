/**
 * Redaction for anything we export or print: cookies, authorization, API keys and tokens, in
 * headers, URLs and free text. On by default; `{ enabled: false }` opts out. What CORS debugging
 * needs is kept: header names, cookie names and attributes (SameSite, Secure), the auth scheme.
 */
import type { Header } from '../cors/types.ts';
import { replaceHeaderLines } from './header-lines.ts';

export const REDACTED = '[redacted]';

export interface RedactOptions {
  /** `false` returns the input untouched. Default `true`. */
  enabled?: boolean;
  /** More header names to redact (case-insensitive). */
  headers?: readonly string[];
  /** More query parameter names to redact (case-insensitive). */
  params?: readonly string[];
}

const SENSITIVE_HEADERS = new Set([
  'cookie',
  'set-cookie',
  'set-cookie2',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-auth',
  'x-auth-token',
  'x-access-token',
  'x-refresh-token',
  'x-csrf-token',
  'x-xsrf-token',
  'csrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'private-token',
  'x-session-id',
  'authentication',
  'x-authentication',
  'x-authorization',
  'dpop',
  'cf-access-jwt-assertion',
  'cf-access-client-id',
  'cf-access-client-secret',
  'x-goog-iap-jwt-assertion',
  'x-ms-token-aad-id-token',
  'x-ms-token-aad-access-token',
  'x-amzn-oidc-data',
  'x-amzn-oidc-accesstoken',
  'x-forwarded-access-token',
  'x-signature',
  'signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-slack-signature',
  'stripe-signature',
]);
/**
 * Names like `X-Token`, `X-Client-Secret`, `X-Service-Api-Key`, `X-Session`, `X-Request-Signature`,
 * `X-User-Jwt`, `X-Id-Assertion`, `X-Auth-Credential`.
 */
const SENSITIVE_HEADER_PATTERN =
  /(^|-)(token|secret|password|passwd|api-?key|session(-?id)?|signature|jwt|assertion|credentials?|authentication)$/i;

const SENSITIVE_PARAMS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'auth',
  'auth_token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'secret',
  'client_secret',
  'password',
  'passwd',
  'pwd',
  'sig',
  'signature',
  'session',
  'sessionid',
  'session_id',
  'sid',
  'code',
  'jwt',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
]);
const SENSITIVE_PARAM_PATTERN = /(token|secret|password|passwd|[_-]key|apikey)$/i;

function lowerSet(names: readonly string[] | undefined): ReadonlySet<string> {
  return new Set((names ?? []).map((n) => n.toLowerCase()));
}

/**
 * With no extra names (`headers`, `params`), every answer below depends on its input alone: the
 * CLI redacts thousands of exchanges whose header names, header values and fix texts repeat, so
 * those answers are kept, up to a bound.
 */
function isPlain(opts: RedactOptions): boolean {
  return opts.headers === undefined && opts.params === undefined;
}

function boundedMemo<T>(maxChars: number): {
  get(key: string): T | undefined;
  set(key: string, value: T, chars: number): T;
} {
  const map = new Map<string, T>();
  let chars = 0;
  return {
    get: (key) => map.get(key),
    set(key, value, size) {
      chars += key.length + size;
      if (chars > maxChars) {
        map.clear();
        chars = key.length + size;
      }
      map.set(key, value);
      return value;
    },
  };
}

const headerVerdicts = boundedMemo<boolean>(1 << 20);
const paramVerdicts = boundedMemo<boolean>(1 << 20);
/** Redacted texts, by text: about 16 MB at most (two-byte characters). */
const redactedTexts = boundedMemo<string>(1 << 22);
/** Longer texts are rarely repeated and would crowd the memo out. */
const MAX_MEMO_TEXT = 16384;

export function isSensitiveHeader(name: string, opts: RedactOptions = {}): boolean {
  if (!isPlain(opts)) return sensitiveHeader(name, opts);
  return headerVerdicts.get(name) ?? headerVerdicts.set(name, sensitiveHeader(name, opts), 1);
}

function sensitiveHeader(name: string, opts: RedactOptions): boolean {
  const lower = name.trim().toLowerCase();
  // CORS's own headers name credentials and headers; their values are what debugging needs.
  if (lower.startsWith('access-control-')) return lowerSet(opts.headers).has(lower);
  return (
    SENSITIVE_HEADERS.has(lower) ||
    SENSITIVE_HEADER_PATTERN.test(lower) ||
    lowerSet(opts.headers).has(lower)
  );
}

export function isSensitiveParam(name: string, opts: RedactOptions = {}): boolean {
  if (!isPlain(opts)) return sensitiveParam(name, opts);
  return paramVerdicts.get(name) ?? paramVerdicts.set(name, sensitiveParam(name, opts), 1);
}

function sensitiveParam(name: string, opts: RedactOptions): boolean {
  let lower = name.toLowerCase();
  try {
    lower = decodeURIComponent(lower);
  } catch {
    // Keep the raw spelling: a bad escape is no reason to leak the value.
  }
  return (
    SENSITIVE_PARAMS.has(lower) ||
    SENSITIVE_PARAM_PATTERN.test(lower) ||
    lowerSet(opts.params).has(lower)
  );
}

/** A header's value with its secret parts replaced and its debugging-relevant parts kept. */
export function redactHeaderValue(name: string, value: string, opts: RedactOptions = {}): string {
  if (opts.enabled === false || !isSensitiveHeader(name, opts)) return value;
  const lower = name.trim().toLowerCase();
  if (lower === 'cookie') {
    // Cookie names tell which session was sent; values are the secret.
    return value
      .split(';')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? REDACTED : `${pair.slice(0, eq + 1)}${REDACTED}`;
      })
      .join(';');
  }
  if (lower === 'set-cookie' || lower === 'set-cookie2') {
    // Attributes (SameSite=None; Secure) decide whether cookies flow cross-site: keep them.
    const semi = value.indexOf(';');
    const first = semi < 0 ? value : value.slice(0, semi);
    const eq = first.indexOf('=');
    const redacted = eq < 0 ? REDACTED : `${first.slice(0, eq + 1)}${REDACTED}`;
    return semi < 0 ? redacted : redacted + value.slice(semi);
  }
  if (
    lower === 'authorization' ||
    lower === 'proxy-authorization' ||
    lower === 'authentication' ||
    lower === 'x-authorization'
  ) {
    const scheme = /^\s*([A-Za-z][A-Za-z0-9._~+-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

export function redactHeaders(headers: readonly Header[], opts: RedactOptions = {}): Header[] {
  return headers.map((h) => {
    const value = redactHeaderValue(h.name, h.value, opts);
    return value === h.value ? h : { name: h.name, value };
  });
}

/*
 * Every pattern is linear: repeats are bounded where a failed match could rescan a long run.
 */
// `?name=value` / `&name=value` / `#name=value` / `;name=value`, as found in URLs and in prose.
const PARAM = /([?&#;])([^=&#?\s"'<>`]{1,128})=([^&#\s"'<>`]*)/g;
// `scheme://userinfo@host`: the userinfo runs to the authority's LAST `@`, so a password that
// holds a raw `@` is hidden whole.
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^/?#\s"'<>`]{1,2048})@/gi;
// `Bearer eyJhbGciOi…`, `Basic dXNlcjpwYXNz`, `DPoP …`, `Token …` anywhere in text.
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|DPoP|Token|Negotiate)\s+[A-Za-z0-9\-._~+/]{8,}=*/g;
// A JSON Web Token (or JWS/JWE) anywhere: in a URL path, a fragment, prose.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g;
// A long random-looking token (API keys, session ids): a whole run of 24+ token characters
// (`[A-Za-z0-9_-]`), found by `redactLongTokens` in one pass.
const LONG_TOKEN_MIN = 24;
// A whole line that is a sensitive header, `Authorization: Basic dXNlcjpwYXNz`: header-lines.ts.

/** Redacts token parameters, URL passwords and header lines inside any text (URLs, summaries…). */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (!mayChange(text, opts)) return text;
  if (!isPlain(opts) || text.length > MAX_MEMO_TEXT) return redactTextOnce(text, opts);
  const known = redactedTexts.get(text);
  if (known !== undefined) return known;
  const out = redactTextOnce(text, opts);
  return redactedTexts.set(text, out, out === text ? 0 : out.length);
}

/**
 * `redactText` without its memo, for a caller that keeps its own by text (`fix-json.ts`): every
 * text it asks about is one it has not seen, so a lookup here would only cost.
 */
export function redactNewText(text: string, opts: RedactOptions = {}): string {
  return mayChange(text, opts) ? redactTextOnce(text, opts) : text;
}

/** False when redaction surely leaves `text` as it is: off, empty, or no pattern can match. */
function mayChange(text: string, opts: RedactOptions): boolean {
  return opts.enabled !== false && text !== '' && mayHoldSecret(text);
}

const SCHEME_WORD = /Bearer|Basic|DPoP|Token|Negotiate/;

/**
 * False when no pattern of `redactTextOnce` can match: no `=` (parameters), `@` (userinfo), `:`
 * (header lines), `eyJ` (JWTs), run of 24 token characters, nor a scheme word next to a space.
 * One pass over the text, so the many plain values (`application/json`, `keep-alive`) cost no
 * regular expression.
 */
function mayHoldSecret(text: string): boolean {
  let run = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isTokenChar(c)) {
      if (++run >= LONG_TOKEN_MIN) return true;
      continue;
    }
    run = 0;
    if (c === 61 || c === 64 || c === 58) return true;
    // `\s` also matches Unicode spaces: any non-ASCII character counts as one here.
    if (c <= 32 || c > 126) space = true;
  }
  return (space && SCHEME_WORD.test(text)) || text.includes('eyJ');
}

function redactTextOnce(text: string, opts: RedactOptions): string {
  let out = text;
  if (out.includes('=')) {
    out = out.replace(PARAM, (whole, sep: string, name: string) =>
      isSensitiveParam(name, opts) ? `${sep}${name}=${REDACTED}` : whole,
    );
  }
  if (out.includes('@') && out.includes('://')) out = out.replace(USERINFO, redactUserinfo);
  // "Basic authentication", "Token verification": prose, not a credential (no digit, no capital).
  out = out.replace(SCHEME_CREDENTIAL, (whole, scheme: string) =>
    scheme !== 'Bearer' && /^\S+\s+[a-z-]+$/.test(whole) ? whole : `${scheme} ${REDACTED}`,
  );
  if (out.includes('eyJ')) out = out.replace(JWT, REDACTED);
  if (out.length >= LONG_TOKEN_MIN) out = redactLongTokens(out);
  if (out.includes(':')) {
    out = replaceHeaderLines(out, (name, value) =>
      looksLikeSensitiveHeaderLine(name, opts) && !value.includes(REDACTED)
        ? redactHeaderValue(name, value, opts)
        : undefined,
    );
  }
  return out;
}

function isTokenChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45
  );
}

/**
 * Every whole run of 24+ token characters that looks random, replaced: what
 * `text.replace(/[A-Za-z0-9_-]{24,}/g, …)` does, in one pass instead of a retry at every character
 * of every shorter run.
 */
function redactLongTokens(text: string): string {
  let out: string | undefined;
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    if (i - start >= LONG_TOKEN_MIN && looksRandom(text, start, i)) {
      out = (out ?? '') + text.slice(copied, start) + REDACTED;
      copied = i;
    }
  }
  return out === undefined ? text : out + text.slice(copied);
}

function redactUserinfo(_: string, scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  // `https://TOKEN@host`: a user name that is a credential.
  return `${scheme}${looksRandom(userinfo) || userinfo.length >= 20 ? REDACTED : userinfo}@`;
}

/**
 * Mixed upper case, lower case and digits over 24+ characters: a key or token, not a word, a
 * path, a UUID (lower-case hex) or a hash (hex).
 */
function looksRandom(run: string, from = 0, to = run.length): boolean {
  if (to - from < 24) return false;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = from; i < to; i++) {
    const c = run.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  return upper >= 2 && lower >= 2 && digit >= 2;
}

/**
 * Only well-known names and `X-…` names count as header lines in text: `token: process.env.TOKEN`
 * in a fix snippet is code, not a header to hide.
 */
function looksLikeSensitiveHeaderLine(name: string, opts: RedactOptions): boolean {
  const lower = name.toLowerCase();
  return (
    SENSITIVE_HEADERS.has(lower) ||
    lowerSet(opts.headers).has(lower) ||
    (lower.startsWith('x-') && isSensitiveHeader(lower, opts))
  );
}

export const redactUrl = redactText;

/**
 * A redacted deep copy of any JSON-like value: exchanges, diagnoses, reports, HAR entries. Header
 * pairs (`{name, value}`) with a sensitive name, HAR `cookies` lists, culprit values of sensitive
 * headers and every string (URLs, prose, code) are redacted. Never mutates the input.
 */
export function redact<T>(value: T, opts: RedactOptions = {}): T {
  if (opts.enabled === false) return value;
  return walk(value, opts, undefined, 0, false) as T;
}

/**
 * `redact` for a value about to be serialized and dropped (the CLI's rows): the same JSON, but a
 * plain object or array that redaction leaves as it is comes back itself instead of as a copy.
 * Most of a report holds no secret, and copying it was a large part of redacting it.
 */
export function redactForOutput<T>(value: T, opts: RedactOptions = {}): T {
  if (opts.enabled === false) return value;
  return walk(value, opts, undefined, 0, true) as T;
}

/** Deeper than any report or HAR: stops a cyclic or hostile value from overflowing the stack. */
const MAX_DEPTH = 64;

/** `share`: return unchanged plain objects and arrays themselves (`redactForOutput`). */
function walk(
  value: unknown,
  opts: RedactOptions,
  key: string | undefined,
  depth: number,
  share: boolean,
): unknown {
  if (typeof value === 'string') return redactText(value, opts);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) {
    if (key === 'cookies') return value.map((c) => redactCookieObject(c, opts, depth));
    const each = (item: unknown) =>
      typeof item === 'string'
        ? redactText(item, opts)
        : walk(item, opts, undefined, depth + 1, share);
    return share ? sharedMap(value, each) : value.map(each);
  }
  const source = value as Record<string, unknown>;
  // Only a plain object serializes as its own keys alone (no `toJSON`, no wrapped primitive).
  const keepSame = share && isPlainObject(source);
  const keys = Object.keys(source);
  if (keys.length === 2 && keys[0] === 'name' && keys[1] === 'value') {
    // A header or query pair, most of the objects in an exchange: the same as below, built with
    // one shape instead of key by key.
    const { name, value: text } = source;
    if (typeof name === 'string' && typeof text === 'string') {
      const redactedName = redactText(name, opts);
      const redactedValue = redactPairValue(name, text, opts);
      if (keepSame && redactedName === name && redactedValue === text) return source;
      return { name: redactedName, value: redactedValue };
    }
  }
  /** The copy, made from the first key that changes on (never, for an unchanged shared value). */
  let out: Record<string, unknown> | undefined = keepSame ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const item = source[k];
    // Strings, most of the values, without a call through `walk`.
    const redacted =
      typeof item === 'string' ? redactText(item, opts) : walk(item, opts, k, depth + 1, share);
    if (out === undefined) {
      if (redacted === item) continue;
      out = copyOfFirst(source, keys, i);
    }
    out[k] = redacted;
  }
  // `{name, value}` header or query pair; `{header, value}` culprit.
  const name = typeof source.name === 'string' ? source.name : source.header;
  if (typeof name === 'string' && typeof source.value === 'string') {
    let redactedValue: string | undefined;
    if (isSensitiveHeader(name, opts)) redactedValue = redactHeaderValue(name, source.value, opts);
    else if (isSensitiveParam(name, opts)) redactedValue = REDACTED;
    if (redactedValue !== undefined && (out !== undefined || redactedValue !== source.value)) {
      out ??= copyOfFirst(source, keys, keys.length);
      out.value = redactedValue;
    }
  }
  return out ?? source;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A new object with the first `count` of `keys` of `source`, in order. */
function copyOfFirst(
  source: Record<string, unknown>,
  keys: readonly string[],
  count: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < count; j++) out[keys[j]!] = source[keys[j]!];
  return out;
}

/** `list.map(f)`, or `list` itself when `f` changes no item. */
function sharedMap(list: readonly unknown[], f: (item: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const mapped = f(item);
    if (out === undefined) {
      if (mapped === item) continue;
      out = list.slice(0, i);
    }
    out.push(mapped);
  }
  return out ?? (list as unknown[]);
}

/** The value of a `{name, value}` pair, as `walk` redacts it. */
function redactPairValue(name: string, value: string, opts: RedactOptions): string {
  if (isSensitiveHeader(name, opts)) return redactHeaderValue(name, value, opts);
  if (isSensitiveParam(name, opts)) return REDACTED;
  return redactText(value, opts);
}

function redactCookieObject(cookie: unknown, opts: RedactOptions, depth: number): unknown {
  const copy = walk(cookie, opts, undefined, depth + 1, false);
  if (typeof copy === 'object' && copy !== null && 'value' in copy) {
    return { ...copy, value: REDACTED };
  }
  return copy;
}
