/**
 * A curl command that replays what the browser sent (the preflight, or the request itself when
 * there was none), so the server side can be checked without the browser. Every argument is
 * single-quoted for POSIX shells; nothing in a HAR can break out of the quoting.
 */
import type { Diagnosis, Exchange, Leg } from '../cors/types.ts';
import { isSafelistedMethod } from '../cors/safelist.ts';
import { chromiumMethod, failingLegIndex, headerValue, legsOf } from './context.ts';

/** POSIX single-quoting: `'` becomes `'\''`. NUL cannot be passed to a program, so it is dropped. */
export function shellQuote(value: string): string {
  return "'" + value.replace(/\0/g, '').replace(/'/g, "'\\''") + "'";
}

/** Quotes only when needed, so the usual command stays readable. */
export function shellArg(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !value.startsWith('-')
    ? value
    : shellQuote(value);
}

/** Header values on one line: control characters would only make curl send a broken request. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function pickLeg(
  exchange: Exchange,
  diagnosis?: Diagnosis,
): { leg: Leg; index: number } | undefined {
  const legs = legsOf(exchange);
  if (legs.length === 0) return undefined;
  let index = diagnosis
    ? failingLegIndex(exchange, diagnosis)
    : legs.findIndex((l) => l?.preflight);
  if (index < 0) index = legs.length - 1;
  const leg = legs[index];
  return leg ? { leg, index } : undefined;
}

function preflightHeaderNames(leg: Leg, diagnosis?: Diagnosis): string | undefined {
  const recorded = headerValue(leg.preflight?.request?.headers, 'access-control-request-headers');
  if (recorded !== undefined) return recorded;
  const names = (diagnosis?.preflight?.reasons ?? [])
    .filter((r) => r.kind === 'header')
    .map((r) => (r.kind === 'header' ? r.header.toLowerCase() : ''));
  // Chromium sends them sorted, lower-case, comma-joined without spaces.
  return names.length > 0 ? [...new Set(names)].sort().join(',') : undefined;
}

/**
 * The curl command for the failing leg (or the first preflighted one): `OPTIONS` with Origin and
 * Access-Control-Request-* when a preflight was (or had to be) sent, else the request itself with
 * its Origin. Cookies and Authorization are never copied.
 */
export function curlForPreflight(exchange: Exchange, diagnosis?: Diagnosis): string {
  const picked = pickLeg(exchange, diagnosis);
  if (!picked) return '';
  const { leg } = picked;
  const url = String(leg.request.url ?? '');
  const method = chromiumMethod(String(leg.request.method ?? 'GET'));
  const headerNames = preflightHeaderNames(leg, diagnosis);
  const preflighted =
    leg.preflight !== undefined ||
    (diagnosis?.preflight?.needed ?? false) ||
    !isSafelistedMethod(method) ||
    headerNames !== undefined;

  const origin =
    headerValue(leg.preflight?.request?.headers, 'origin') ??
    headerValue(leg.request.headers, 'origin') ??
    (typeof exchange.initiatorOrigin === 'string' ? exchange.initiatorOrigin : 'null');

  const headers: string[] = [`Origin: ${oneLine(origin)}`];
  let verb = method;
  if (preflighted) {
    verb = 'OPTIONS';
    const requested =
      headerValue(leg.preflight?.request?.headers, 'access-control-request-method') ?? method;
    headers.push(`Access-Control-Request-Method: ${oneLine(requested)}`);
    const names = oneLine(headerNames ?? '');
    if (names !== '') headers.push(`Access-Control-Request-Headers: ${names}`);
  } else {
    const contentType = headerValue(leg.request.headers, 'content-type');
    if (contentType !== undefined) headers.push(`Content-Type: ${oneLine(contentType)}`);
  }
  // A URL that is not http(s) (or starts with "-") must not be read as an option.
  const target = /^https?:\/\//i.test(url) ? shellArg(url) : `--url ${shellQuote(url)}`;
  return [
    `curl -i -X ${shellArg(verb)} ${target}`,
    ...headers.map((h) => `  -H ${shellQuote(h)}`),
  ].join(' \\\n');
}
