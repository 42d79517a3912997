/**
 * The requests Chromium puts on the wire for a fetch(): the page's headers as fetch's `Headers`
 * keeps them, the actual request with `Origin` and `Sec-Fetch-*`, and the preflight
 * (`preflight_controller.cc: CreatePreflightRequest`). Whether a preflight is needed, and which
 * headers it announces, comes from the engine (`needsPreflight`, `corsUnsafeRequestHeaderNames`).
 */
import { isToken, mergeRepeatedHeaders } from '../cors/headers.ts';
import { isForbiddenHeader, isForbiddenMethod } from '../cors/forbidden.ts';
import { corsUnsafeRequestHeaderNames } from '../cors/preflight-need.ts';
import { isSafelistedHeader, isSafelistedMethod } from '../cors/safelist.ts';
import { tryParseUrl } from '../cors/url.ts';
import type { Header } from '../cors/types.ts';
import type { ProbeSpec, WireRequest } from './types.ts';

/** What fetch() gives a string body when the page sets no Content-Type. */
export const STRING_BODY_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** Identifies the probe to the server; `User-Agent` is forbidden, so CORS never looks at it. */
export const PROBE_USER_AGENT = 'cors-lens-check (Chromium CORS probe)';

const STANDARD_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Fetch's "normalize a method": only the six standard methods are upper-cased (`patch` stays). */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return STANDARD_METHODS.has(upper) ? upper : method;
}

/** The page's headers after fetch's `Headers` and the forbidden-header filter. */
export interface PageHeaders {
  /** Sent on every leg (except request-body headers after a method-changing redirect). */
  headers: Header[];
  /** `Cookie` given by the user: the browser's cookie jar, sent only where credentials go. */
  cookie?: string;
  /** Names fetch() would silently drop (forbidden, or not safelisted in no-cors mode). */
  dropped: string[];
}

/**
 * Repeated names joined with ", " (fetch's `Headers.append`), forbidden names dropped as fetch
 * drops them, and `Content-Type: text/plain;charset=UTF-8` added for a string body without one.
 */
export function pageHeaders(spec: ProbeSpec): PageHeaders {
  const headers: Header[] = [];
  const dropped: string[] = [];
  let cookie: string | undefined;
  for (const h of mergeRepeatedHeaders(spec.headers)) {
    const lower = h.name.toLowerCase();
    if (lower === 'cookie') {
      cookie = h.value;
      continue;
    }
    if (isForbiddenHeader(h.name, h.value)) dropped.push(h.name);
    else if (spec.mode === 'no-cors' && !isSafelistedHeader(h.name, h.value)) dropped.push(h.name);
    else headers.push({ name: h.name, value: h.value });
  }
  if (spec.body !== undefined && !headers.some((h) => h.name.toLowerCase() === 'content-type')) {
    headers.push({ name: 'Content-Type', value: STRING_BODY_CONTENT_TYPE });
  }
  const out: PageHeaders = { headers, dropped };
  if (cookie !== undefined) out.cookie = cookie;
  return out;
}

/**
 * What fetch() itself would reject with a TypeError (or the probe cannot send), as messages; empty
 * when the spec is fine.
 */
export function specProblems(spec: ProbeSpec): string[] {
  const problems: string[] = [];
  const url = tryParseUrl(spec.url);
  if (!url) problems.push(`"${spec.url}" is not an absolute URL.`);
  else {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push(`only http: and https: URLs can be checked, not ${url.protocol}`);
    if (url.username !== '' || url.password !== '')
      problems.push(
        'fetch() refuses a URL with a user name or password (user:pass@host); remove them.',
      );
  }
  if (spec.origin !== 'null') {
    const origin = tryParseUrl(spec.origin);
    if (!origin || origin.origin === 'null' || origin.origin !== spec.origin.replace(/\/$/, ''))
      problems.push(
        `--origin must be a serialized origin such as http://localhost:5173 (scheme, host, port; no path), not "${spec.origin}".`,
      );
  }
  if (!isToken(spec.method)) problems.push(`"${spec.method}" is not a valid HTTP method.`);
  else if (isForbiddenMethod(spec.method))
    problems.push(`fetch() refuses the method ${spec.method.toUpperCase()}.`);
  const method = normalizeMethod(spec.method);
  if (spec.body !== undefined && (method === 'GET' || method === 'HEAD'))
    problems.push(`fetch() refuses a body with ${method}; use --method POST (or PUT, PATCH…).`);
  if (spec.mode === 'no-cors' && !isSafelistedMethod(method))
    problems.push(`a no-cors request can only be GET, HEAD or POST, not ${method}.`);
  for (const h of spec.headers) {
    if (!isToken(h.name)) problems.push(`"${h.name}" is not a valid header name.`);
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000\r\n]/.test(h.value) || /[^\u0000-\u00ff]/.test(h.value))
      problems.push(`the value of ${h.name} has a line break, NUL or a character beyond Latin-1.`);
  }
  return problems;
}

/** `Sec-Fetch-Site` as the network stack sends it: the least related URL of the chain so far. */
export type FetchSite = 'same-origin' | 'same-site' | 'cross-site';

const SITE_RANK: Record<FetchSite, number> = { 'same-origin': 0, 'same-site': 1, 'cross-site': 2 };

export function fetchSite(origin: string, urls: readonly string[]): FetchSite {
  let worst: FetchSite = 'same-origin';
  const page = origin === 'null' ? undefined : tryParseUrl(origin);
  for (const raw of urls) {
    const url = tryParseUrl(raw);
    let site: FetchSite = 'cross-site';
    if (page && url) {
      if (url.origin === page.origin) site = 'same-origin';
      else if (url.protocol === page.protocol && siteOf(url.hostname) === siteOf(page.hostname))
        site = 'same-site';
    }
    if (SITE_RANK[site] > SITE_RANK[worst]) worst = site;
  }
  return worst;
}

/**
 * The registrable domain, approximated without the public suffix list: IP addresses and one-label
 * hosts (`localhost`) are their own site, other names their last two labels.
 */
function siteOf(host: string): string {
  if (host.startsWith('[') || /^[0-9.]+$/.test(host)) return host;
  const labels = host.split('.');
  return labels.slice(-2).join('.');
}

/** The state of one leg that decides its request headers. */
export interface LegState {
  url: string;
  method: string;
  headers: Header[];
  body?: string;
  /** The `Origin` to send: the page's, or `null` after a tainting redirect. */
  origin: string;
  /** The CORS flag: some leg so far was cross-origin. */
  cors: boolean;
  mode: 'cors' | 'no-cors';
  site: FetchSite;
  /** Whether this leg carries credentials (cookies): `include`, or `same-origin` before CORS. */
  withCredentials: boolean;
  cookie?: string;
}

/** The actual request of a leg, as Chromium sends it. */
export function actualRequest(leg: LegState): WireRequest {
  const headers: Header[] = [...leg.headers];
  if (!headers.some((h) => h.name.toLowerCase() === 'accept'))
    headers.push({ name: 'Accept', value: '*/*' });
  // Chromium sets Origin for CORS requests and for every non-GET/HEAD request (cors_url_loader.cc).
  if (leg.cors || (leg.method !== 'GET' && leg.method !== 'HEAD'))
    headers.push({ name: 'Origin', value: leg.origin });
  headers.push(...secFetch(leg.mode, leg.site), { name: 'User-Agent', value: PROBE_USER_AGENT });
  if (leg.withCredentials && leg.cookie !== undefined)
    headers.push({ name: 'Cookie', value: leg.cookie });
  const request: WireRequest = { url: leg.url, method: leg.method, headers };
  if (leg.body !== undefined) request.body = leg.body;
  return request;
}

/**
 * The preflight: `OPTIONS`, never with credentials, announcing the method and the CORS-unsafe header
 * names (lower-cased, sorted, joined with "," and no space, left out when there are none).
 */
export function preflightRequest(leg: LegState): WireRequest {
  const names = [...new Set(corsUnsafeRequestHeaderNames(leg.headers))].sort();
  const headers: Header[] = [
    { name: 'Accept', value: '*/*' },
    { name: 'Access-Control-Request-Method', value: leg.method },
  ];
  if (names.length > 0)
    headers.push({ name: 'Access-Control-Request-Headers', value: names.join(',') });
  headers.push({ name: 'Origin', value: leg.origin }, ...secFetch('cors', leg.site), {
    name: 'User-Agent',
    value: PROBE_USER_AGENT,
  });
  return { url: leg.url, method: 'OPTIONS', headers };
}

function secFetch(mode: 'cors' | 'no-cors', site: FetchSite): Header[] {
  return [
    { name: 'Sec-Fetch-Site', value: site },
    { name: 'Sec-Fetch-Mode', value: mode },
    { name: 'Sec-Fetch-Dest', value: 'empty' },
  ];
}
