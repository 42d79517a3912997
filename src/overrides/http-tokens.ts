/**
 * The HTTP vocabulary the override model validates against: tokens, safelisted methods, forbidden
 * request headers. Kept here (small and stable) rather than borrowed from the engine's internals.
 */

/** RFC 9110 `token`: what Chromium accepts in Allow-Methods / Allow-Headers (`HttpUtil::IsToken`). */
export function isToken(value: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value);
}

/** GET, HEAD and POST never need to be listed (compared case-insensitively, like Chromium). */
export function isSafelistedMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'POST';
}

/** Methods fetch and XHR refuse to send at all. */
export function isForbiddenMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'CONNECT' || m === 'TRACE' || m === 'TRACK';
}

const FORBIDDEN_HEADERS = new Set([
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
  'user-agent',
  'via',
]);

/** Request headers the browser owns: scripts cannot set them, so there is nothing to allow. */
export function isForbiddenRequestHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('proxy-') || n.startsWith('sec-') || FORBIDDEN_HEADERS.has(n);
}
