/**
 * Input validation: turns anything Exchange-shaped into a well-typed exchange the rest of the engine
 * can trust, and lists what it had to repair. The engine reports bad input; it never throws on it.
 */
import { CORS_ERRORS } from './types.ts';
import type {
  CorsErrorName,
  CredentialsMode,
  Header,
  HttpRequest,
  Initiator,
  ObservedOutcome,
  RequestMode,
} from './types.ts';
import { normalizeOrigin } from './origin.ts';
import { parseUrl, type ParsedUrl } from './url.ts';
import {
  noteCorsHeader,
  type CorsResponseHeaders,
  type NormalResponse,
} from './response-headers.ts';
import type { RequestFacts } from './request-facts.ts';

export interface NormalPreflight {
  request: HttpRequest;
  response?: NormalResponse;
  netError?: string;
}

export interface NormalLeg {
  request: HttpRequest;
  /** `request.url` parsed once; `null` when it is not a URL. */
  url: ParsedUrl | null;
  /** Filled in on first use by `requestFacts`. */
  facts?: RequestFacts;
  /** Credentials evidence among the request headers. */
  hints: CredentialHints;
  preflight?: NormalPreflight;
  /** Absent when nothing arrived (HAR status 0 counts as nothing). */
  response?: NormalResponse;
  netError?: string;
}

export interface NormalExchange {
  /** Serialized, `null` for opaque or unparseable origins. */
  initiatorOrigin: string;
  mode: RequestMode;
  credentials?: CredentialsMode;
  initiator: Initiator;
  forcedPreflight: boolean;
  legs: NormalLeg[];
  observed: ObservedOutcome;
}

/** Beyond Chromium's 20-redirect limit there is nothing more to learn. */
const MAX_LEGS = 32;

const MODES: ReadonlySet<string> = new Set(['cors', 'no-cors', 'same-origin', 'navigate']);
const CREDENTIALS: ReadonlySet<string> = new Set(['omit', 'same-origin', 'include']);
const INITIATORS: ReadonlySet<string> = new Set(['fetch', 'xhr', 'other']);
const CORS_ERROR_SET: ReadonlySet<string> = new Set(CORS_ERRORS);

/** PNA-era names Chromium renamed (CDP r1581282); logs from older browsers still carry them. */
const LEGACY_CORS_ERRORS: ReadonlyMap<string, CorsErrorName> = new Map([
  ['InsecurePrivateNetwork', 'InsecureLocalNetwork'],
  ['InvalidPrivateNetworkAccess', 'InvalidLocalNetworkAccess'],
  ['PrivateNetworkAccessPermissionDenied', 'LocalNetworkAccessPermissionDenied'],
]);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : undefined;
}

/** Maps a CorsError name (current or legacy spelling) to the current one. */
export function toCorsErrorName(value: unknown): CorsErrorName | undefined {
  if (typeof value !== 'string') return undefined;
  if (CORS_ERROR_SET.has(value)) return value as CorsErrorName;
  // A Map, not an object: names like "toString" must not reach Object.prototype.
  return LEGACY_CORS_ERRORS.get(value);
}

function isHeader(h: unknown): h is Header {
  return isObj(h) && typeof h.name === 'string' && h.name !== '' && typeof h.value === 'string';
}

/** Request headers that hint at the credentials mode, noted while validating. */
export interface CredentialHints {
  cookie: boolean;
  storageAccess: boolean;
  authorization: boolean;
}

function noteHint(hints: CredentialHints, name: string): void {
  // Length first: most names are skipped without lower-casing them.
  if (name.length === 6) hints.cookie ||= name.toLowerCase() === 'cookie';
  else if (name.length === 24)
    hints.storageAccess ||= name.toLowerCase() === 'sec-fetch-storage-access';
  else if (name.length === 13) hints.authorization ||= name.toLowerCase() === 'authorization';
}

/**
 * Validates a header list. While at it (one pass over memory the engine will read anyway), it
 * notes the CORS response headers into `cors` or the credential hints into `hints`.
 * `where` is built into a path only when there is a problem to report.
 */
function headers(
  v: unknown,
  where: () => string,
  problems: string[],
  cors?: CorsResponseHeaders,
  hints?: CredentialHints,
): Header[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${where()} is not a list of headers; ignored.`);
    return [];
  }
  const list = v as unknown[];
  // Well-formed lists (the norm) are used as they are: the engine never mutates them.
  let wellFormed = true;
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    if (!isHeader(h)) {
      wellFormed = false;
      break;
    }
    if (cors) noteCorsHeader(cors, h.name, h.value);
    if (hints) noteHint(hints, h.name);
  }
  if (wellFormed) return list as Header[];
  const out: Header[] = [];
  let skipped = 0;
  for (const h of list) {
    const name = isObj(h) ? str(h.name) : undefined;
    const value = isObj(h) ? str(h.value) : undefined;
    if (name === undefined || name === '' || value === undefined) {
      skipped++;
      continue;
    }
    out.push({ name, value });
  }
  if (skipped > 0) problems.push(`${where()}: ${skipped} malformed header line(s) ignored.`);
  // Redo the notes on the cleaned list (the first pass stopped at the first bad line).
  if (cors) {
    for (const k of Object.keys(cors) as (keyof CorsResponseHeaders)[]) delete cors[k];
    for (const h of out) noteCorsHeader(cors, h.name, h.value);
  }
  if (hints) for (const h of out) noteHint(hints, h.name);
  return out;
}

function request(
  v: unknown,
  where: () => string,
  problems: string[],
  hints?: CredentialHints,
): HttpRequest {
  if (!isObj(v)) {
    problems.push(`${where()} is missing.`);
    return { url: '', method: 'GET', headers: [] };
  }
  const url = str(v.url);
  if (url === undefined) problems.push(`${where()}.url is missing.`);
  const method = str(v.method);
  return {
    url: url ?? '',
    method: method && method !== '' ? method : 'GET',
    headers: headers(v.headers, () => `${where()}.headers`, problems, undefined, hints),
  };
}

function response(v: unknown, where: () => string, problems: string[]): NormalResponse | undefined {
  if (!isObj(v)) return undefined;
  const status =
    typeof v.status === 'number' && Number.isFinite(v.status) ? Math.trunc(v.status) : 0;
  // HAR writes status 0 for "no response": a blocked preflight's actual request, a network error.
  if (status <= 0) return undefined;
  const statusText = str(v.statusText);
  const cors: CorsResponseHeaders = {};
  const list = headers(v.headers, () => `${where()}.headers`, problems, cors);
  const out: NormalResponse = { status, headers: list, cors };
  if (statusText !== undefined) out.statusText = statusText;
  return out;
}

function netError(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined || s === '' ? undefined : s;
}

function leg(v: unknown, index: number, problems: string[]): NormalLeg {
  const where = (): string => `legs[${index}]`;
  const o = isObj(v) ? v : {};
  if (!isObj(v)) problems.push(`${where()} is not an object.`);
  const hints: CredentialHints = { cookie: false, storageAccess: false, authorization: false };
  const req = request(o.request, () => `${where()}.request`, problems, hints);
  const out: NormalLeg = { request: req, url: parseUrl(req.url), hints };
  if (isObj(o.preflight)) {
    const p = o.preflight;
    const pf: NormalPreflight = {
      request: request(p.request, () => `${where()}.preflight.request`, problems),
    };
    const r = response(p.response, () => `${where()}.preflight.response`, problems);
    if (r) pf.response = r;
    const e = netError(p.netError);
    if (e) pf.netError = e;
    out.preflight = pf;
  }
  const r = response(o.response, () => `${where()}.response`, problems);
  if (r) out.response = r;
  const e = netError(o.netError);
  if (e) out.netError = e;
  return out;
}

export interface Normalized {
  exchange?: NormalExchange;
  problems: string[];
}

export function normalizeExchange(raw: unknown): Normalized {
  const problems: string[] = [];
  if (!isObj(raw)) return { problems: ['The exchange is not an object.'] };
  if (!Array.isArray(raw.legs) || raw.legs.length === 0) {
    return { problems: ['The exchange has no request (legs is empty or missing).'] };
  }
  let rawLegs = raw.legs as unknown[];
  if (rawLegs.length > MAX_LEGS) {
    problems.push(`Only the first ${MAX_LEGS} of ${rawLegs.length} legs were read.`);
    rawLegs = rawLegs.slice(0, MAX_LEGS);
  }
  const legs = rawLegs.map((l, i) => leg(l, i, problems));

  const initiatorRaw = str(raw.initiatorOrigin);
  if (initiatorRaw === undefined)
    problems.push('initiatorOrigin is missing; treated as opaque (null).');
  const initiatorOrigin = normalizeOrigin(initiatorRaw ?? 'null');
  if (initiatorRaw !== undefined && initiatorRaw !== 'null' && initiatorOrigin === 'null') {
    problems.push(`initiatorOrigin "${initiatorRaw}" is not an origin; treated as opaque (null).`);
  }

  let mode: RequestMode = 'cors';
  if (raw.mode !== undefined) {
    if (typeof raw.mode === 'string' && MODES.has(raw.mode)) mode = raw.mode as RequestMode;
    else problems.push(`mode ${JSON.stringify(String(raw.mode))} is unknown; assumed "cors".`);
  }
  let credentials: CredentialsMode | undefined;
  if (raw.credentials !== undefined) {
    if (typeof raw.credentials === 'string' && CREDENTIALS.has(raw.credentials)) {
      credentials = raw.credentials as CredentialsMode;
    } else
      problems.push(
        `credentials ${JSON.stringify(String(raw.credentials))} is unknown; inferred instead.`,
      );
  }
  const initiator: Initiator =
    typeof raw.initiator === 'string' && INITIATORS.has(raw.initiator)
      ? (raw.initiator as Initiator)
      : 'other';

  const observed: ObservedOutcome = {};
  if (isObj(raw.observed)) {
    const o = raw.observed;
    const ne = netError(o.netError);
    if (ne) observed.netError = ne;
    if (o.corsError !== undefined) {
      const ce = toCorsErrorName(o.corsError);
      if (ce) observed.corsError = ce;
      else
        problems.push(
          `observed.corsError ${JSON.stringify(String(o.corsError))} is not a known CorsError.`,
        );
    }
    const fp = str(o.failedParameter);
    if (fp !== undefined) observed.failedParameter = fp;
  }

  const exchange: NormalExchange = {
    initiatorOrigin,
    mode,
    initiator,
    forcedPreflight: raw.forcedPreflight === true,
    legs,
    observed,
  };
  if (credentials) exchange.credentials = credentials;
  return { exchange, problems };
}
