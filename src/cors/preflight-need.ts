/**
 * Does a request need a CORS preflight, and why? (`cors_url_loader.cc: NeedsPreflight`,
 * `cors_util.cc: CorsUnsafeNotForbiddenRequestHeaderNames`)
 */
import { byteLength, mergeRepeatedHeaders } from './headers.ts';
import {
  FORBIDDEN_NAMES,
  METHOD_OVERRIDE_NAMES,
  overridesWithForbiddenMethod,
} from './forbidden.ts';
import {
  CHROMIUM_EXTRA_SAFELISTED_NAMES,
  isSafelistedMethod,
  safelistVerdict,
  SPEC_SAFELISTED_NAMES,
} from './safelist.ts';
import type { Header, PreflightReason } from './types.ts';

/** Total bytes of safelisted values above which all of them count as unsafe. */
export const SAFELIST_BUDGET = 1024;

export interface UnsafeHeader {
  /** Lower-cased. */
  name: string;
  why: 'not-safelisted' | 'value-not-safe' | 'value-too-long' | 'safelist-budget';
}

export interface UnsafeHeaderOptions {
  /** Revalidation requests may carry `if-modified-since`, `if-none-match`, `cache-control`. */
  isRevalidating?: boolean;
}

const REVALIDATION_HEADERS = new Set(['if-modified-since', 'if-none-match', 'cache-control']);

const FORBIDDEN = 1;
const METHOD_OVERRIDE = 2;
const SAFELISTED_NAME = 3;
const NAME_KINDS: ReadonlyMap<string, number> = new Map([
  // The sec-ch-* extras are safelisted in Chromium's table, but forbidden first by their prefix.
  ...[...SPEC_SAFELISTED_NAMES, ...CHROMIUM_EXTRA_SAFELISTED_NAMES].map(
    (n) => [n, n.startsWith('sec-') ? FORBIDDEN : SAFELISTED_NAME] as const,
  ),
  ...[...METHOD_OVERRIDE_NAMES].map((n) => [n, METHOD_OVERRIDE] as const),
  ...[...FORBIDDEN_NAMES].map((n) => [n, FORBIDDEN] as const),
]);

/**
 * The CORS-unsafe, non-forbidden request headers with the reason for each, in request order
 * (repeated names merged first, as Blink does).
 */
export function corsUnsafeRequestHeaders(
  headers: readonly Header[],
  options: UnsafeHeaderOptions = {},
): UnsafeHeader[] {
  const merged = mergeRepeatedHeaders(headers);
  const names: string[] = [];
  const values: string[] = [];
  for (const h of merged) {
    names.push(h.name.toLowerCase());
    values.push(h.value);
  }
  return classifyRequestHeaders(names, values, options);
}

/**
 * The core of `corsUnsafeRequestHeaders` over parallel lists of lower-cased, already merged names
 * and their values.
 */
export function classifyRequestHeaders(
  lowerNames: readonly string[],
  values: readonly string[],
  options: UnsafeHeaderOptions = {},
): UnsafeHeader[] {
  const unsafe: UnsafeHeader[] = [];
  let potentially: string[] | undefined;
  let budget = 0;
  for (let i = 0; i < lowerNames.length; i++) {
    const name = lowerNames[i]!;
    const value = values[i]!;
    // One map lookup sorts most names; only unknown ones need the prefix rules.
    const kind = NAME_KINDS.get(name);
    if (kind === FORBIDDEN) continue;
    if (kind === METHOD_OVERRIDE && overridesWithForbiddenMethod(value)) continue;
    if (kind === undefined && (name.startsWith('proxy-') || name.startsWith('sec-'))) continue;
    if (options.isRevalidating && REVALIDATION_HEADERS.has(name)) continue;
    const verdict = kind === SAFELISTED_NAME ? safelistVerdict(name, value) : 'not-safelisted';
    if (verdict === 'safelisted') {
      (potentially ??= []).push(name);
      budget += byteLength(value);
    } else {
      unsafe.push({ name, why: verdict });
    }
  }
  if (budget > SAFELIST_BUDGET && potentially) {
    for (const name of potentially) unsafe.push({ name, why: 'safelist-budget' });
  }
  return unsafe;
}

/** Names only, lower-cased, in request order: Chromium's `CorsUnsafeNotForbiddenRequestHeaderNames`. */
export function corsUnsafeRequestHeaderNames(
  headers: readonly Header[],
  options: UnsafeHeaderOptions = {},
): string[] {
  return corsUnsafeRequestHeaders(headers, options).map((h) => h.name);
}

export interface PreflightNeed {
  needed: boolean;
  reasons: PreflightReason[];
}

export interface PreflightNeedOptions extends UnsafeHeaderOptions {
  /** XHR upload listeners or a streamed fetch body: Chromium always preflights. */
  forced?: boolean;
}

/**
 * Whether Chromium sends a preflight for this (cross-origin, CORS-mode) request, with every reason:
 * forced mode, a non-safelisted method, and each CORS-unsafe header.
 */
export function needsPreflight(
  request: { method: string; headers: readonly Header[] },
  options: PreflightNeedOptions = {},
): PreflightNeed {
  return preflightNeedOf(
    request.method,
    corsUnsafeRequestHeaders(request.headers, options),
    options.forced,
  );
}

const FORCED: PreflightReason = {
  kind: 'forced',
  detail:
    'the request always needs a preflight (XMLHttpRequest with upload listeners, or fetch() with a streamed body)',
};

/** `needsPreflight` from an already classified header list. */
export function preflightNeedOf(
  method: string,
  unsafe: readonly UnsafeHeader[],
  forced = false,
): PreflightNeed {
  const reasons: PreflightReason[] = [];
  if (forced) reasons.push(FORCED);
  if (!isSafelistedMethod(method)) reasons.push({ kind: 'method', method });
  for (const h of unsafe) reasons.push({ kind: 'header', header: h.name, why: h.why });
  return { needed: reasons.length > 0, reasons };
}
