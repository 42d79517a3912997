/**
 * Forbidden request headers and methods: the browser owns them, so scripts cannot set them and CORS
 * ignores them (Chromium `net::HttpUtil::IsSafeHeader`, `kForbiddenHeaderFields`).
 */
import { trimLws } from './headers.ts';

export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Chromium-only: kept forbidden for https://crbug.com/571722 although the spec dropped it.
  'user-agent',
  'via',
]);

export const METHOD_OVERRIDE_NAMES: ReadonlySet<string> = new Set([
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
]);

export function isForbiddenMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'CONNECT' || m === 'TRACE' || m === 'TRACK';
}

/**
 * True when the browser, not the page, controls this header. `value` matters only for the
 * method-override headers, which are forbidden when any comma-separated value is a forbidden method.
 */
export function isForbiddenHeader(name: string, value = ''): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (FORBIDDEN_NAMES.has(lower)) return true;
  return METHOD_OVERRIDE_NAMES.has(lower) && overridesWithForbiddenMethod(value);
}

/** A method-override value naming CONNECT, TRACE or TRACK among its comma-separated methods. */
export function overridesWithForbiddenMethod(value: string): boolean {
  for (const part of value.split(',')) {
    const m = trimLws(part);
    if (m !== '' && isForbiddenMethod(m)) return true;
  }
  return false;
}
