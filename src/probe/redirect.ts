/**
 * The request after a redirect, as fetch rewrites it (`cors_url_loader.cc: FollowRedirect`,
 * `net::RedirectInfo`): 303 turns everything but GET/HEAD into GET, 301/302 turn POST into GET, and
 * a method change drops the body and the request-body headers. Whether to follow at all is the
 * engine's call (`nextStep`).
 */
import { tryParseUrl } from '../cors/url.ts';
import type { Header } from '../cors/types.ts';
import type { WireResponse } from './types.ts';

export interface NextRequest {
  url: string;
  method: string;
  headers: Header[];
  body: string | undefined;
}

/** Fetch's request-body header names, removed when a redirect changes the method. */
const REQUEST_BODY_HEADERS = new Set([
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
]);

export function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== 'GET' && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

/** The next leg's request, or `undefined` when `Location` is missing or not a URL. */
export function redirectedRequest(
  from: NextRequest,
  response: WireResponse,
): NextRequest | undefined {
  const location = response.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
  if (location === undefined) return undefined;
  const target = tryParseUrl(location.trim(), from.url);
  if (!target) return undefined;
  // The fragment never goes on the wire.
  const url = target.hash === '' ? target.href : target.href.slice(0, -target.hash.length);
  const method = redirectMethod(response.status, from.method);
  if (method === from.method) return { ...from, url };
  return {
    url,
    method,
    headers: from.headers.filter((h) => !REQUEST_BODY_HEADERS.has(h.name.toLowerCase())),
    body: undefined,
  };
}
