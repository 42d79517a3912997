/**
 * Everything a fix template needs, read once from an exchange and its diagnosis: the exact page
 * origin, the exact methods and headers the app used, credentials, what to expose, where the API
 * lives. Templates stay pure string functions of this.
 */
import type { CorsErrorName, Diagnosis, Exchange, Header, Leg } from '../cors/types.ts';
import { isLoopbackHost, parseTarget, type Target } from './url.ts';

export interface FixContext {
  reason: CorsErrorName | undefined;
  /** The page's exact serialized origin, e.g. `http://localhost:5173`; `null` when opaque. */
  origin: string;
  /** False when the origin is opaque or not a plain origin: server allowlists cannot name it. */
  originUsable: boolean;
  /** The leg the fix is about (the failing one). */
  legIndex: number;
  /** The URL that failed, and the server the configuration is for. */
  targetUrl: string;
  target: Target;
  /** `/api` when the path starts with an API-looking segment, else `''` (configure the whole app). */
  apiPrefix: string;
  /** What a dev-server proxy mounts, and whether the prefix must be stripped before forwarding. */
  proxy: { prefix: string; strip: boolean; pagePath: string };
  /** Methods to allow, exact spelling (Chromium compares case-sensitively). */
  methods: string[];
  /** Methods the app used, as Chromium sent them. */
  usedMethods: string[];
  /** Used methods Chromium does not upper-case (only DELETE GET HEAD OPTIONS POST PUT are). */
  unnormalisedMethods: string[];
  /** Request headers to allow, lower-case. */
  headers: string[];
  /** Non-safelisted request headers the app itself sent (subset of `headers`). */
  sentHeaders: string[];
  /** Response headers the page probably reads. */
  exposeHeaders: string[];
  credentials: boolean;
  /** How we know about credentials, for the notes. */
  credentialsEvidence: string;
  /** Seconds browsers may cache a preflight (Chromium caps at 7200). */
  maxAge: number;
  /** The request reached the server with `Origin: null` after a cross-origin redirect. */
  tainted: boolean;
  /** The frontend runs on this machine (localhost, 127.0.0.1, [::1], *.localhost). */
  frontendLocal: boolean;
  apiLocal: boolean;
  frontendPort: string;
  /** Method or header names left out of snippets because of unusual characters. */
  skipped: string[];
  /** Status of the failing leg's preflight, when one was answered. */
  preflightStatus: number | undefined;
  /** How Node snippets import their package: `import` (ES module) or `require` (CommonJS). */
  moduleFormat: ModuleFormat;
}

/** A Node project's module system: HARs and headers give no hint, so the user chooses (default esm). */
export type ModuleFormat = 'esm' | 'cjs';
export const MODULE_FORMATS: readonly ModuleFormat[] = ['esm', 'cjs'];

/** Chromium (Blink) upper-cases only these; `patch` stays `patch`. */
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** What every server fix allows, whatever the case used: the usual REST verbs and JSON bodies. */
export const BASE_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const BASE_HEADERS: readonly string[] = ['content-type'];
/** Tokens plain enough to drop into any language without surprises (no quotes, `$`, `%`, `*`, `{`). */
const PLAIN_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._~+-]*$/;
/** A serialized tuple origin: scheme://host[:port], nothing else. */
const PLAIN_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::\d{1,5})?$/i;
const API_SEGMENT = /^(api|apis|rest|graphql|gql|rpc|trpc|backend|v\d+)$/i;
/** Response headers front-ends commonly read: exposing them is only suggested when present. */
const READABLE_RESPONSE_HEADER =
  /^(content-disposition|link|retry-after|x-total(-count|-pages)?|x-page|x-per-page|x-next-page|x-pagination(-.+)?|(x-)?ratelimit-(limit|remaining|reset)|x-csrf-token|x-xsrf-token|www-authenticate)$/;
const CREDENTIALS_REASONS: ReadonlySet<CorsErrorName> = new Set([
  'WildcardOriginNotAllowed',
  'PreflightWildcardOriginNotAllowed',
  'InvalidAllowCredentials',
  'PreflightInvalidAllowCredentials',
]);
const HEADER_REASONS: ReadonlySet<CorsErrorName> = new Set(['HeaderDisallowedByPreflightResponse']);
const METHOD_REASONS: ReadonlySet<CorsErrorName> = new Set(['MethodDisallowedByPreflightResponse']);

export function isPlainToken(value: string): boolean {
  return PLAIN_TOKEN.test(value);
}

export function isPlainOrigin(value: string): boolean {
  return PLAIN_ORIGIN.test(value);
}

/** Used methods Chromium sends as written and that are not all upper-case, e.g. `patch`. */
export function unnormalisedMethods(used: readonly string[]): string[] {
  return used.filter((m) => m !== m.toUpperCase() && !NORMALISED_METHODS.has(m.toUpperCase()));
}

/** The method as Chromium sends it: upper-cased only when it is one of the six it normalises. */
export function chromiumMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALISED_METHODS.has(upper) ? upper : method;
}

export function headerValue(
  headers: readonly Header[] | undefined,
  name: string,
): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const lower = name.toLowerCase();
  let out: string | undefined;
  for (const h of headers) {
    if (typeof h?.name !== 'string' || h.name.toLowerCase() !== lower) continue;
    const v = typeof h.value === 'string' ? h.value : '';
    out = out === undefined ? v : `${out}, ${v}`;
  }
  return out;
}

function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Adds `value` unless present; `caseless` compares case-insensitively. */
function addUnique(into: string[], value: string, caseless = false): void {
  const found = caseless
    ? into.some((v) => v.toLowerCase() === value.toLowerCase())
    : into.includes(value);
  if (!found) into.push(value);
}

const EMPTY_LEG: Leg = { request: { url: '', method: '', headers: [] } };

/** The legs, indices preserved (diagnoses refer to them); malformed ones read as empty. */
export function legsOf(exchange: Exchange): Leg[] {
  if (!Array.isArray(exchange?.legs)) return [];
  return exchange.legs.map((l) =>
    l && typeof l === 'object' && l.request && typeof l.request === 'object' ? l : EMPTY_LEG,
  );
}

/** The failing leg: the culprit's, else the first failed check's, else the last leg. */
export function failingLegIndex(exchange: Exchange, diagnosis: Diagnosis): number {
  const count = legsOf(exchange).length;
  let index: number | undefined = diagnosis.culprit?.legIndex;
  if (index === undefined && Array.isArray(diagnosis.checks)) {
    index = diagnosis.checks.find((c) => c && !c.passed)?.legIndex;
  }
  if (index === undefined || !Number.isInteger(index) || index < 0 || index >= count) {
    index = count - 1;
  }
  return index;
}

/**
 * Whether the request on leg `index` went out with `Origin: null`: Chromium taints a request
 * redirected from one origin to another when the page is not same-origin with the redirecting URL.
 */
function isTainted(all: Leg[], index: number, origin: string): boolean {
  const sent = headerValue(all[index]?.request.headers, 'origin');
  if (sent !== undefined) return sent === 'null' && origin !== 'null';
  for (let k = 1; k <= index; k++) {
    const from = parseTarget(String(all[k - 1]?.request.url));
    const to = parseTarget(String(all[k]?.request.url));
    if (from && to && from.origin !== to.origin && from.origin !== origin) return true;
  }
  return false;
}

function collectMethods(all: Leg[], diagnosis: Diagnosis, skipped: string[]): string[] {
  const used: string[] = [];
  const consider = (m: unknown) => {
    if (typeof m !== 'string' || m === '') return;
    const method = chromiumMethod(m);
    if (isPlainToken(method)) addUnique(used, method);
    else addUnique(skipped, method);
  };
  for (const leg of all) {
    // The page's own method; OPTIONS here is the preflight recorded as a leg, not the app's call.
    const method: unknown = leg.request.method;
    if (typeof method !== 'string' || method.toUpperCase() !== 'OPTIONS') consider(method);
    consider(headerValue(leg.preflight?.request?.headers, 'access-control-request-method'));
  }
  for (const r of diagnosis.preflight?.reasons ?? []) if (r?.kind === 'method') consider(r.method);
  if (diagnosis.reason && METHOD_REASONS.has(diagnosis.reason)) consider(diagnosis.failedParameter);
  return used;
}

function collectHeaders(all: Leg[], diagnosis: Diagnosis, skipped: string[]): string[] {
  const sent: string[] = [];
  const consider = (name: unknown) => {
    if (typeof name !== 'string') return;
    const lower = name.trim().toLowerCase();
    if (lower === '') return;
    if (isPlainToken(lower)) addUnique(sent, lower);
    else addUnique(skipped, lower);
  };
  for (const leg of all) {
    for (const n of splitList(
      headerValue(leg.preflight?.request?.headers, 'access-control-request-headers'),
    )) {
      consider(n);
    }
  }
  for (const r of diagnosis.preflight?.reasons ?? []) if (r?.kind === 'header') consider(r.header);
  if (diagnosis.reason && HEADER_REASONS.has(diagnosis.reason)) consider(diagnosis.failedParameter);
  return sent;
}

/** Tokens from what the server already allowed, so the new config does not drop working entries. */
function existingAllowList(all: Leg[], name: string): string[] {
  const out: string[] = [];
  for (const leg of all) {
    for (const res of [leg.preflight?.response, leg.response]) {
      for (const t of splitList(headerValue(res?.headers, name))) {
        if (t !== '*' && isPlainToken(t)) addUnique(out, t, true);
      }
    }
  }
  return out;
}

function collectExpose(leg: Leg | undefined, all: Leg[]): string[] {
  const out: string[] = [];
  for (const t of existingAllowList(all, 'access-control-expose-headers'))
    addUnique(out, t.toLowerCase());
  const res = leg?.response;
  for (const h of Array.isArray(res?.headers) ? res.headers : []) {
    const lower = typeof h?.name === 'string' ? h.name.toLowerCase() : '';
    if (READABLE_RESPONSE_HEADER.test(lower)) addUnique(out, lower);
  }
  if (res?.status === 201 && headerValue(res.headers, 'location') !== undefined)
    addUnique(out, 'location');
  return out.sort();
}

function credentialsFrom(
  exchange: Exchange,
  diagnosis: Diagnosis,
): { on: boolean; evidence: string } {
  if (diagnosis.reason && CREDENTIALS_REASONS.has(diagnosis.reason)) {
    return {
      on: true,
      evidence: `the failure (${diagnosis.reason}) only happens to credentialed requests`,
    };
  }
  const assessed = diagnosis.credentials;
  if (assessed?.mode === 'include') {
    const how = assessed.inferred
      ? `inferred from ${assessed.evidence.join('; ') || 'the recorded request'}`
      : 'recorded';
    return { on: true, evidence: `the request is sent with credentials (${how})` };
  }
  if (exchange.credentials === 'include')
    return { on: true, evidence: 'the request is sent with credentials' };
  const inferred = assessed?.inferred ? ' (inferred)' : '';
  return { on: false, evidence: `the request is sent without credentials${inferred}` };
}

/** Builds the context, or `undefined` when the exchange has nothing to configure (no legs, no URL). */
export function buildContext(
  exchange: Exchange,
  diagnosis: Diagnosis,
  moduleFormat: ModuleFormat = 'esm',
): FixContext | undefined {
  const all = legsOf(exchange);
  if (all.length === 0) return undefined;
  const legIndex = failingLegIndex(exchange, diagnosis);
  const leg = all[legIndex];
  const targetUrl = String(leg?.request.url ?? '');
  const target = parseTarget(targetUrl);
  if (!leg || !target) return undefined;

  const origin = typeof exchange.initiatorOrigin === 'string' ? exchange.initiatorOrigin : 'null';
  const originUsable = origin !== 'null' && isPlainOrigin(origin);
  const frontend = originUsable ? parseTarget(origin) : undefined;

  const skipped: string[] = [];
  const usedMethods = collectMethods(all, diagnosis, skipped);
  const methods = [...BASE_METHODS];
  for (const m of existingAllowList(all, 'access-control-allow-methods'))
    addUnique(methods, m, true);
  for (const m of usedMethods) addUnique(methods, m);

  const sentHeaders = collectHeaders(all, diagnosis, skipped);
  const headers = [...BASE_HEADERS];
  for (const h of existingAllowList(all, 'access-control-allow-headers'))
    addUnique(headers, h.toLowerCase());
  for (const h of sentHeaders) addUnique(headers, h);
  headers.sort();

  const first = target.path.split('/')[1] ?? '';
  const apiPrefix = API_SEGMENT.test(first) ? `/${first}` : '';
  const proxy = apiPrefix
    ? { prefix: apiPrefix, strip: false, pagePath: target.path }
    : { prefix: '/api', strip: true, pagePath: `/api${target.path === '/' ? '' : target.path}` };

  const credentials = credentialsFrom(exchange, diagnosis);
  return {
    reason: diagnosis.reason,
    origin,
    originUsable,
    legIndex,
    targetUrl,
    target,
    apiPrefix,
    proxy,
    methods,
    usedMethods,
    unnormalisedMethods: unnormalisedMethods(usedMethods),
    headers,
    sentHeaders,
    exposeHeaders: collectExpose(leg, all),
    credentials: credentials.on,
    credentialsEvidence: credentials.evidence,
    maxAge: 600,
    tainted: isTainted(all, legIndex, origin),
    frontendLocal: frontend !== undefined && isLoopbackHost(frontend.host),
    apiLocal: isLoopbackHost(target.host),
    frontendPort: frontend?.port ?? '',
    skipped,
    preflightStatus:
      typeof leg.preflight?.response?.status === 'number'
        ? leg.preflight.response.status
        : undefined,
    moduleFormat,
  };
}
