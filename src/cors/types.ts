/**
 * The CORS engine's data model. Pure data: no browser types, so the same values flow from HAR files,
 * from `chrome.devtools.network`, from CDP in tests and from the command line.
 *
 * CONTRACT shared by the engine, the fixes, the HAR reader, the panel and the rule compiler: fields
 * may be added; renaming or removing one means changing every user.
 */

/** One header line as sent or received. Lists keep order and repeats (repeats matter for CORS). */
export interface Header {
  name: string;
  value: string;
}

export type RequestMode = 'cors' | 'no-cors' | 'same-origin' | 'navigate';
export type CredentialsMode = 'omit' | 'same-origin' | 'include';
/** Which API made the request: fetch and XHR differ in header order and forced preflights. */
export type Initiator = 'fetch' | 'xhr' | 'other';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Header[];
}

export interface HttpResponse {
  status: number;
  statusText?: string;
  headers: Header[];
}

/** The preflight the browser sent for one leg, and what came back (if anything). */
export interface PreflightExchange {
  request: HttpRequest;
  response?: HttpResponse;
  /** A network-level failure of the preflight itself, e.g. `net::ERR_CONNECTION_REFUSED`. */
  netError?: string;
}

/**
 * One leg of an exchange: a request to one URL. A redirect ends a leg (its response is the 3xx with
 * `Location`) and starts the next, which Chromium may preflight again.
 */
export interface Leg {
  /** The request as sent on this leg (URL after redirects, method after 301/302/303 rewrites). */
  request: HttpRequest;
  preflight?: PreflightExchange;
  /** Absent when no response arrived (failed preflight, network error). */
  response?: HttpResponse;
  netError?: string;
}

/** Chromium's CorsError names, in the CDP spelling (`Network.CorsError`), current (LNA era). */
export const CORS_ERRORS = [
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'LocalNetworkAccessPermissionDenied',
  'NoCorsRedirectModeNotFollow',
] as const;
export type CorsErrorName = (typeof CORS_ERRORS)[number];

/** What the source of the data already said about the outcome (HAR `_error`, CDP, console). */
export interface ObservedOutcome {
  netError?: string;
  corsError?: CorsErrorName;
  failedParameter?: string;
}

/** A cross-origin exchange: what the page asked for, and everything that went over the wire for it. */
export interface Exchange {
  /** Stable id from the source (HAR entry index, CDP requestId), for UIs to key on. */
  id?: string;
  /** Serialized origin of the document or worker that made the request; `null` for opaque origins. */
  initiatorOrigin: string;
  /** Default `cors` (what fetch and XHR use for cross-origin requests). */
  mode?: RequestMode;
  /** `undefined` when the source does not record it (HAR): the engine infers it and says so. */
  credentials?: CredentialsMode;
  initiator?: Initiator;
  /** XHR with upload listeners, fetch with a stream body: Chromium always preflights. */
  forcedPreflight?: boolean;
  /** At least one leg; `legs[0].request` is what the page requested. */
  legs: Leg[];
  observed?: ObservedOutcome;
  /** ISO time and total duration, when the source has them. */
  startedAt?: string;
  durationMs?: number;
}

export type Verdict = 'allowed' | 'blocked' | 'not-cors' | 'network-error';

/** Why Chromium sent a preflight. */
export type PreflightReason =
  | { kind: 'forced'; detail: string }
  | { kind: 'method'; method: string }
  | {
      kind: 'header';
      header: string;
      why: 'not-safelisted' | 'value-not-safe' | 'value-too-long' | 'safelist-budget';
    };

/** One check the browser made, in order. The first failed one is the reason. */
export interface Check {
  id: string;
  stage: 'request' | 'preflight' | 'redirect' | 'response';
  legIndex: number;
  title: string;
  passed: boolean;
  /** Plain-language detail: what was compared with what. */
  detail: string;
  /** The header this check read, so UIs can highlight it. */
  header?: string;
}

/** Where the culprit is, for highlighting. */
export interface Culprit {
  where: 'request' | 'preflight-request' | 'preflight-response' | 'response';
  legIndex: number;
  header?: string;
  value?: string;
}

export interface CredentialsAssessment {
  mode: CredentialsMode;
  /** True when the source did not record it and the engine inferred it from evidence. */
  inferred: boolean;
  evidence: string[];
  /** True when the verdict would differ under another credentials mode. */
  verdictDependsOnIt: boolean;
}

/** The engine's answer for one exchange. */
export interface Diagnosis {
  verdict: Verdict;
  reason?: CorsErrorName;
  failedParameter?: string;
  netError?: string;
  preflight: { needed: boolean; sent: boolean; reasons: PreflightReason[] };
  credentials: CredentialsAssessment;
  checks: Check[];
  culprit?: Culprit;
  /** One sentence for lists. */
  summary: string;
  /** Paragraphs for the detail view, plain text. */
  explanation: string[];
  /** The console line Chromium prints for this failure. */
  consoleMessage?: string;
  /** Where the engine disagrees with the source's own marks, or Chromium deviates from the spec. */
  notes: string[];
}

/** A problem with the input, reported instead of thrown. */
export interface InputError {
  /** Where: e.g. `log.entries[12].response.headers`. */
  path: string;
  message: string;
}
