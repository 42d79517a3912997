/**
 * A curl command that replays what the browser sent (the preflight, or the request itself when
 * there was none), so the server side can be checked without the browser. Two forms: POSIX shells
 * (`sh`, bash, zsh) and PowerShell. Every argument is single-quoted for its shell, and nothing a
 * terminal could act on when the command is pasted (C0 and C1 controls, DEL, ESC — a crafted HAR
 * could end bracketed paste with `ESC [201~` and run the rest — or Unicode line and bidi controls)
 * is ever written: URLs get them percent-encoded, methods and header values lose them.
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

export type CurlShell = 'posix' | 'powershell';

/** What a terminal may act on when pasted: C0, DEL, C1, and Unicode line and bidi controls. */
const TERMINAL_UNSAFE =
  // eslint-disable-next-line no-control-regex -- these are exactly what must not reach a terminal
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Header values on one line, without anything a terminal would act on. */
export function oneLine(value: string): string {
  return value.replace(TERMINAL_UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A URL with terminal-unsafe characters percent-encoded (what a URL parser does with most). */
export function terminalSafeUrl(url: string): string {
  return url.replace(TERMINAL_UNSAFE, (c) => encodeURIComponent(c));
}

/** A method is a token: anything a terminal would act on is dropped. */
function terminalSafeToken(value: string): string {
  return value.replace(TERMINAL_UNSAFE, '');
}

/**
 * PowerShell single-quoting: nothing expands inside; a quote is doubled. PowerShell also takes the
 * typographic single quotes (U+2018–U+201B) as quotes, so those are doubled too.
 */
export function powershellQuote(value: string): string {
  return "'" + value.replace(/\0/g, '').replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&') + "'";
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
export function curlForPreflight(
  exchange: Exchange,
  diagnosis?: Diagnosis,
  shell: CurlShell = 'posix',
): string {
  const picked = pickLeg(exchange, diagnosis);
  if (!picked) return '';
  const { leg } = picked;
  const url = terminalSafeUrl(String(leg.request.url ?? ''));
  const method = terminalSafeToken(chromiumMethod(String(leg.request.method ?? 'GET'))) || 'GET';
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
  const web = /^https?:\/\//i.test(url);
  if (shell === 'powershell') {
    // `curl` is Invoke-WebRequest in Windows PowerShell: call the real one. A backtick continues.
    const q = powershellQuote;
    return [
      `curl.exe -i -X ${q(verb)} ${web ? q(url) : `--url ${q(url)}`}`,
      ...headers.map((h) => `  -H ${q(h)}`),
    ].join(' `\n');
  }
  const target = web ? shellArg(url) : `--url ${shellQuote(url)}`;
  return [
    `curl -i -X ${shellArg(verb)} ${target}`,
    ...headers.map((h) => `  -H ${shellQuote(h)}`),
  ].join(' \\\n');
}
