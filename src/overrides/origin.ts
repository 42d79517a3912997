/**
 * Parsing what a user types as a site or an API origin into one exact, normalized origin, with a
 * message that says how to fix anything else. Never throws.
 */
import { tryParseUrl } from '../cors/url.ts';

export interface OriginResult {
  origin?: string;
  error?: string;
}

/** A parsed API-origin entry: an exact origin, or `scheme://*.domain[:port]` (subdomains only). */
export interface ApiOriginPattern {
  scheme: 'http' | 'https';
  /** Exact host, or the domain whose subdomains match when `wildcard`. */
  host: string;
  /** Explicit port, `''` for the scheme's default. */
  port: string;
  wildcard: boolean;
}

const EXAMPLE = 'http://localhost:5173';
/** Any placeholder label that survives URL parsing unchanged, to normalize `*.example.com`. */
const WILDCARD_LABEL = 'cors-lens-wildcard-label';

/** Loopback and private names are usually served over plain http during development. */
function guessScheme(hostPart: string): 'http' | 'https' {
  const host = hostPart.toLowerCase().replace(/:\d*$/, '');
  const local =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.test') ||
    host.endsWith('.local') ||
    host.startsWith('127.') ||
    host.startsWith('10.') ||
    host.startsWith('192.168.') ||
    host === '0.0.0.0' ||
    host.startsWith('[');
  return local ? 'http' : 'https';
}

interface Checked {
  error?: string;
  url?: NonNullable<ReturnType<typeof tryParseUrl>>;
}

function check(text: string, what: string): Checked {
  if (text === '') return { error: `Enter the ${what} origin, e.g. ${EXAMPLE}.` };
  if (/\s/.test(text)) return { error: `An origin has no spaces: "${text}".` };
  if (/^file:/i.test(text)) {
    return {
      error:
        'file: pages have an opaque origin ("null") that CORS Lens cannot scope to; serve the page ' +
        `over http, e.g. ${EXAMPLE}.`,
    };
  }
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme) {
    const hostPort = /^([^/:?#@]+)(:\d+)?([/?#].*)?$/.exec(text);
    if (hostPort && !/^(https?|wss?|data|blob|about|chrome|javascript)$/i.test(hostPort[1] ?? '')) {
      const hostAndPort = (hostPort[1] ?? '') + (hostPort[2] ?? '');
      return { error: `Add the scheme: ${guessScheme(hostAndPort)}://${hostAndPort}` };
    }
    const schemeOnly = /^(https?):\/?([^/].*)$/i.exec(text);
    if (schemeOnly) {
      return { error: `Write the scheme with two slashes: ${schemeOnly[1]}://${schemeOnly[2]}` };
    }
    return { error: `Not an origin: "${text}". Write it like ${EXAMPLE}.` };
  }
  const scheme = text.slice(0, text.indexOf(':')).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { error: `Only http:// and https:// origins can be relaxed, not ${scheme}:.` };
  }
  const url = tryParseUrl(text);
  if (!url) {
    if (/:\d{6,}|:(6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4})(\/|$)/.test(text)) {
      return { error: `The port must be a number from 1 to 65535: "${text}".` };
    }
    return { error: `Not a valid origin: "${text}". Write it like ${EXAMPLE}.` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      error:
        'Remove the "user:password@" part: credentials in a URL are not part of the origin ' +
        `(use ${url.origin}).`,
    };
  }
  if (url.hostname === '') return { error: `The origin has no host: "${text}".` };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    const rest = url.pathname + url.search + url.hash;
    return { error: `Only the origin is used: ${url.origin} (remove "${rest}").` };
  }
  return { url };
}

/**
 * The dev site an override relaxes: one exact origin. Normalizes case, IDN (punycode) and default
 * ports (`http://x:80` → `http://x`); refuses wildcards, paths, userinfo and non-http schemes.
 */
export function parseSiteOrigin(input: string): OriginResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text.includes('*')) {
    return {
      error:
        'The site cannot contain a wildcard: name the one dev origin to relax, e.g. ' +
        `${EXAMPLE}, so no other site is affected.`,
    };
  }
  const { error, url } = check(text, "site's");
  if (error !== undefined || !url) return { error: error ?? 'Not a valid origin.' };
  return { origin: url.origin };
}

/**
 * One entry of an override's API origins: an exact origin, or `https://*.example.com[:port]` for
 * every subdomain of example.com (not example.com itself, as in CSP). A wildcard anywhere else is
 * refused with the reason.
 */
export function parseApiOrigin(input: string): OriginResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text.includes('*')) {
    const { error, url } = check(text, 'API');
    if (error !== undefined || !url) return { error: error ?? 'Not a valid origin.' };
    return { origin: url.origin };
  }
  if (text === '*' || /^\*:\/\/\*$/.test(text)) {
    return { error: 'To allow every API origin, choose "any" instead of listing "*".' };
  }
  if (/^\*:\/\//.test(text)) {
    return { error: 'The scheme cannot be a wildcard: list http:// and https:// separately.' };
  }
  if (/:\*(\/|$)/.test(text)) {
    return { error: 'The port cannot be a wildcard: list each port, e.g. http://localhost:3000.' };
  }
  const m = /^(https?:\/\/)\*\.([^*]+)$/i.exec(text);
  if (!m) {
    return {
      error:
        'A wildcard may only stand for the leftmost labels of the host, as in ' +
        'https://*.example.com.',
    };
  }
  if (/^(\d+\.){3}\d+(:\d+)?([/?#].*)?$/.test(m[2] ?? '') || (m[2] ?? '').startsWith('[')) {
    return { error: 'An IP address has no subdomains: list the exact origin instead.' };
  }
  const { error, url } = check(`${m[1]}${WILDCARD_LABEL}.${m[2]}`, 'API');
  if (error !== undefined || !url) {
    return { error: (error ?? 'Not a valid origin.').split(`${WILDCARD_LABEL}.`).join('*.') };
  }
  return { origin: url.origin.replace(`${WILDCARD_LABEL}.`, '*.') };
}

/** Splits a normalized API origin (from parseApiOrigin) into its parts. */
export function apiOriginPattern(origin: string): ApiOriginPattern | undefined {
  const m = /^(https?):\/\/(\*\.)?([^/:]+|\[[^\]]+\])(?::(\d+))?$/.exec(origin);
  if (!m) return undefined;
  return {
    scheme: m[1] === 'https' ? 'https' : 'http',
    host: m[3] ?? '',
    port: m[4] ?? '',
    wildcard: m[2] !== undefined,
  };
}

/** The host of a normalized origin, as DNR domain conditions want it (no scheme, no port). */
export function originHost(origin: string): string {
  return apiOriginPattern(origin)?.host ?? '';
}

/** The longest path a learned redirect target keeps (a longer one is cut: a prefix still matches). */
const MAX_TARGET_PATH = 256;

/**
 * A redirect target as learned: origin + path, no query or fragment, cut before the first
 * character a DNR urlFilter reads as syntax (`*`, `^`, `|`). Undefined for non-http(s) URLs and
 * URLs with credentials (Chromium refuses to follow those anyway).
 */
export function redirectTargetOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(u.protocol) || u.username !== '' || u.password !== '') return undefined;
  const cut = u.pathname.search(/[*^|]/);
  const path = (cut === -1 ? u.pathname : u.pathname.slice(0, cut)).slice(0, MAX_TARGET_PATH);
  if (/[^\x21-\x7e]/.test(path)) return undefined;
  return `${u.origin}${path.startsWith('/') ? path : `/${path}`}`;
}
