/**
 * The answer CORS Lens gives the site's preflight in an "answer preflights" tab, before the server
 * (which may fail it with 404/405/5xx or a redirect): 204 with the override's own CORS header set
 * (the lists the compiled DNR rules append, plus what this preflight asks for, which is learned at
 * the same time). Pure.
 */
import {
  allowedMethods,
  allowedRequestHeaders,
  PREFLIGHT_MAX_AGE_SECONDS,
  type Override,
} from '../../src/overrides/index.ts';
import type { Header } from '../../src/cors/types.ts';
import { apiOriginPattern } from '../../src/overrides/origin.ts';

export interface PreflightHeaders {
  origin?: string;
  requestMethod?: string;
  requestHeaders?: string;
}

function lookup(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function preflightHeaders(headers: Record<string, string>): PreflightHeaders {
  return {
    origin: lookup(headers, 'origin'),
    requestMethod: lookup(headers, 'access-control-request-method'),
    requestHeaders: lookup(headers, 'access-control-request-headers'),
  };
}

/** A CORS preflight: OPTIONS carrying Access-Control-Request-Method (a bare OPTIONS is not one). */
export function isRealPreflight(method: string, headers: Record<string, string>): boolean {
  return (
    method.toUpperCase() === 'OPTIONS' && preflightHeaders(headers).requestMethod !== undefined
  );
}

/** Does the override cover requests from its site to this URL's origin? */
export function coversTarget(override: Override, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(u.protocol) || u.origin === override.site) return false;
  if (override.apiOrigins === 'any') return true;
  return override.apiOrigins.some((api) => {
    const p = apiOriginPattern(api);
    if (!p || u.protocol !== `${p.scheme}:` || u.port !== p.port) return false;
    return p.wildcard ? u.hostname.endsWith(`.${p.host}`) : u.hostname === p.host;
  });
}

function tokens(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s));
}

/**
 * A request of the site that a cross-origin redirect tainted: Chromium sends `Origin: null` (and
 * then compares ACAO with `null`), while its Referer still names the site (the default policy
 * keeps at least the origin; `no-referrer` leaves it unrecognized, hence untouched). A frame of
 * another origin has its own Referer.
 */
export function taintedFromSite(override: Override, headers: Record<string, string>): boolean {
  if (lookup(headers, 'origin') !== 'null') return false;
  const referer = lookup(headers, 'referer');
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin === override.site;
  } catch {
    return false;
  }
}

/**
 * The server's answer to a tainted request of the site, made to pass: ACAO `null` (what Chromium
 * compares it with), ACAC `true` with credentials, `Vary: Origin` (an echo's answer, which the DNR
 * rules leave as it is); every other line as sent.
 */
export function taintedAnswer(override: Override, headers: readonly Header[]): Header[] {
  const cors = /^access-control-allow-(origin|credentials)$/i;
  return [
    ...headers.filter((h) => !cors.test(h.name)),
    { name: 'Access-Control-Allow-Origin', value: 'null' },
    ...(override.credentials ? [{ name: 'Access-Control-Allow-Credentials', value: 'true' }] : []),
    { name: 'Vary', value: 'Origin' },
  ];
}

/** The response lines, in the order a server would send them. */
export function answerHeaders(
  override: Override,
  asked: PreflightHeaders,
  origin: string = override.site,
): { name: string; value: string }[] {
  const methods = [...new Set([...allowedMethods(override), ...tokens(asked.requestMethod)])];
  const requested = tokens(asked.requestHeaders).map((h) => h.toLowerCase());
  const headers = [...new Set([...allowedRequestHeaders(override), ...requested])];
  const out = [
    { name: 'Access-Control-Allow-Origin', value: origin },
    { name: 'Access-Control-Allow-Methods', value: methods.join(', ') },
    { name: 'Access-Control-Allow-Headers', value: headers.join(', ') },
    { name: 'Access-Control-Max-Age', value: String(PREFLIGHT_MAX_AGE_SECONDS) },
    { name: 'Vary', value: 'Origin' },
    { name: 'Content-Length', value: '0' },
  ];
  if (override.credentials) {
    out.splice(1, 0, { name: 'Access-Control-Allow-Credentials', value: 'true' });
  }
  return out;
}
