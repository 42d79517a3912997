/**
 * Redaction for anything we export or print: cookies, authorization, API keys and tokens, in
 * headers, URLs and free text. On by default; `{ enabled: false }` opts out. What CORS debugging
 * needs is kept: header names, cookie names and attributes (SameSite, Secure), the auth scheme.
 */
import type { Header } from '../cors/types.ts';

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
]);
/** Names like `X-Token`, `X-Client-Secret`, `X-Service-Api-Key`, `X-Session`. */
const SENSITIVE_HEADER_PATTERN = /(^|-)(token|secret|password|passwd|api-?key|session(-?id)?)$/i;

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

export function isSensitiveHeader(name: string, opts: RedactOptions = {}): boolean {
  const lower = name.trim().toLowerCase();
  return (
    SENSITIVE_HEADERS.has(lower) ||
    SENSITIVE_HEADER_PATTERN.test(lower) ||
    lowerSet(opts.headers).has(lower)
  );
}

export function isSensitiveParam(name: string, opts: RedactOptions = {}): boolean {
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
  if (lower === 'authorization' || lower === 'proxy-authorization') {
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

// `?name=value` / `&name=value` / `#name=value` / `;name=value`, as found in URLs and in prose.
const PARAM = /([?&#;])([^=&#?\s"'<>`]+)=([^&#\s"'<>`]*)/g;
// `scheme://user:password@host`
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^/@\s:"'<>`]+):([^/@\s"'<>`]+)@/gi;
// `Bearer eyJhbGciOi…` anywhere in text.
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/g;
// A whole line that is a sensitive header: `Authorization: Basic dXNlcjpwYXNz`.
const HEADER_LINE = /^([ \t]*)([A-Za-z0-9-]+)([ \t]*:[ \t]*)(.*)$/gm;

/** Redacts token parameters, URL passwords and header lines inside any text (URLs, summaries…). */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (opts.enabled === false || text === '') return text;
  let out = text;
  if (out.includes('=')) {
    out = out.replace(PARAM, (whole, sep: string, name: string) =>
      isSensitiveParam(name, opts) ? `${sep}${name}=${REDACTED}` : whole,
    );
  }
  if (out.includes('@')) out = out.replace(USERINFO, `$1:${REDACTED}@`);
  if (out.includes('Bearer')) out = out.replace(BEARER, `$1 ${REDACTED}`);
  if (out.includes(':')) {
    out = out.replace(
      HEADER_LINE,
      (whole, indent: string, name: string, sep: string, value: string) =>
        looksLikeSensitiveHeaderLine(name, opts) && !value.includes(REDACTED)
          ? `${indent}${name}${sep}${redactHeaderValue(name, value, opts)}`
          : whole,
    );
  }
  return out;
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
  return walk(value, opts, undefined, 0) as T;
}

/** Deeper than any report or HAR: stops a cyclic or hostile value from overflowing the stack. */
const MAX_DEPTH = 64;

function walk(
  value: unknown,
  opts: RedactOptions,
  key: string | undefined,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactText(value, opts);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) {
    if (key === 'cookies') return value.map((c) => redactCookieObject(c, opts, depth));
    return value.map((item) => walk(item, opts, undefined, depth + 1));
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(source)) out[k] = walk(source[k], opts, k, depth + 1);
  // `{name, value}` header or query pair; `{header, value}` culprit.
  const name = typeof source.name === 'string' ? source.name : source.header;
  if (typeof name === 'string' && typeof source.value === 'string') {
    if (isSensitiveHeader(name, opts)) out.value = redactHeaderValue(name, source.value, opts);
    else if (isSensitiveParam(name, opts)) out.value = REDACTED;
  }
  return out;
}

function redactCookieObject(cookie: unknown, opts: RedactOptions, depth: number): unknown {
  const copy = walk(cookie, opts, undefined, depth + 1);
  if (typeof copy === 'object' && copy !== null && 'value' in copy) {
    return { ...copy, value: REDACTED };
  }
  return copy;
}
