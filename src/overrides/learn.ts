/**
 * Learning from preflights: a preflight names the method and headers the page is about to use
 * (`Access-Control-Request-Method` / `-Headers`). Whatever the override does not allow yet is added
 * to `learned`, so the retry passes without the user typing header names.
 */
import { isSafelistedMethod } from '../cors/safelist.ts';
import type { Header } from '../cors/types.ts';
import { DEFAULT_ALLOWED_HEADERS, DEFAULT_ALLOWED_METHODS, LIMITS } from './defaults.ts';
import type { Override } from './types.ts';
import { originOf } from '../cors/url.ts';
import { redirectTargetOf } from './origin.ts';
import { checkMethod, checkRequestHeader } from './validate.ts';

export interface Learned {
  methods: string[];
  requestHeaders: string[];
}

function headerValues(headers: readonly Header[], name: string): string[] {
  const out: string[] = [];
  for (const h of headers) {
    if (typeof h?.name === 'string' && typeof h.value === 'string') {
      if (h.name.toLowerCase() === name) out.push(h.value);
    }
  }
  return out;
}

/** Methods the override already allows on preflights (defaults, configured, learned). */
export function allowedMethods(override: Override): string[] {
  return unique([...DEFAULT_ALLOWED_METHODS, ...override.methods, ...override.learned.methods]);
}

/** Request headers the override already allows on preflights (lower-case). */
export function allowedRequestHeaders(override: Override): string[] {
  return unique([
    ...DEFAULT_ALLOWED_HEADERS,
    ...override.requestHeaders,
    ...override.learned.requestHeaders,
  ]);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/**
 * Merges the preflight's requested method and headers into `override.learned`. Returns the same
 * override object when nothing was new. Hostile input (bad tokens, forbidden names, floods) is
 * ignored, and the learned lists stay within LIMITS.
 */
export function learnFromPreflight(
  override: Override,
  preflightRequestHeaders: readonly Header[],
): { override: Override; learned: Learned } {
  const learned: Learned = { methods: [], requestHeaders: [] };
  const headers = Array.isArray(preflightRequestHeaders) ? preflightRequestHeaders : [];
  const methods = allowedMethods(override);
  const budgetMethods = LIMITS.learnedMethods - override.learned.methods.length;
  for (const value of headerValues(headers, 'access-control-request-method')) {
    // The same checks as validation (a `*` would widen a list for uncredentialed requests).
    // Case is kept: Allow-Methods is matched case-sensitively (`patch` ≠ `PATCH`).
    const method = checkMethod(value);
    if (typeof method !== 'string' || isSafelistedMethod(method) || methods.includes(method)) {
      continue;
    }
    if (learned.methods.includes(method) || learned.methods.length >= budgetMethods) continue;
    learned.methods.push(method);
  }
  const known = allowedRequestHeaders(override);
  const budgetHeaders = LIMITS.learnedHeaders - override.learned.requestHeaders.length;
  for (const value of headerValues(headers, 'access-control-request-headers')) {
    for (const part of value.split(',')) {
      const name = checkRequestHeader(part);
      if (typeof name !== 'string' || known.includes(name)) continue;
      if (learned.requestHeaders.includes(name)) continue;
      if (learned.requestHeaders.length >= budgetHeaders) break;
      learned.requestHeaders.push(name);
    }
  }
  if (learned.methods.length === 0 && learned.requestHeaders.length === 0) {
    return { override, learned };
  }
  return {
    override: {
      ...override,
      learned: {
        methods: [...override.learned.methods, ...learned.methods],
        requestHeaders: [...override.learned.requestHeaders, ...learned.requestHeaders],
      },
    },
    learned,
  };
}

/**
 * Learns from a failed request of the site (`webRequest.onErrorOccurred`): its API origin answers
 * the site's direct requests with something that fails them, so from now on a bare `*` (credentials
 * on) or `null` there is replaced (rule-families.ts, failedOriginRules). A failure on a learned
 * redirect target is a tainted request's (that path gets `null`), and teaches nothing here. Bounded
 * like the redirect targets. Returns the same override when nothing is new.
 */
export function learnFromFailure(
  override: Override,
  url: string,
): { override: Override; learnedOrigin?: string } {
  const origin = originOf(url);
  const known = override.learned.failedOrigins ?? [];
  if (!/^https?:\/\//.test(origin) || origin === override.site || known.includes(origin)) {
    return { override };
  }
  const path = redirectTargetOf(url);
  const onTarget = (override.learned.redirectTargets ?? []).some(
    (t) => path !== undefined && (path === t || path.startsWith(t.endsWith('/') ? t : `${t}/`)),
  );
  if (onTarget || (override.learned.redirectOrigins ?? []).includes(origin)) return { override };
  const kept = known.slice(Math.max(0, known.length - LIMITS.learnedFailedOrigins + 1));
  return {
    override: { ...override, learned: { ...override.learned, failedOrigins: [...kept, origin] } },
    learnedOrigin: origin,
  };
}

/**
 * Learns from a redirect the site's own request took (e.g. `webRequest.onBeforeRedirect`, its
 * initiator being the site): when it leaves one API origin for another, Chromium taints the
 * request and sends `Origin: null` to the target, which then needs ACAO `null` (see
 * rule-families.ts). The target is kept as origin + path, so direct calls elsewhere on that origin
 * are untouched. Bounded: past LIMITS the oldest target gives way (never an error). Returns the
 * same override when nothing is new.
 */
export function learnFromRedirect(
  override: Override,
  fromUrl: string,
  toUrl: string,
): { override: Override; learnedOrigin?: string; learnedTarget?: string } {
  const from = originOf(fromUrl);
  const to = originOf(toUrl);
  const target = redirectTargetOf(toUrl);
  const known = override.learned.redirectTargets ?? [];
  if (
    target === undefined ||
    from === 'null' ||
    from === to ||
    from === override.site ||
    known.includes(target) ||
    (override.learned.redirectOrigins ?? []).includes(to)
  ) {
    return { override };
  }
  const kept = known.slice(Math.max(0, known.length - LIMITS.learnedRedirectTargets + 1));
  return {
    override: {
      ...override,
      learned: { ...override.learned, redirectTargets: [...kept, target] },
    },
    learnedOrigin: to,
    learnedTarget: target,
  };
}
