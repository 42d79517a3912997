/** The engine's internal verdict for one exchange under one credentials mode, before explanation. */
import type { Check, CorsErrorName, Culprit, PreflightReason, Verdict } from './types.ts';

export type Stage = 'request' | 'preflight' | 'redirect' | 'response';

/** Why a verdict could not be pinned to a reason: the recording lacks the deciding part. */
export type Gap =
  | 'invalid-url'
  | 'preflight-not-recorded'
  | 'preflight-response-missing'
  | 'no-response'
  | 'redirect-not-followed';

export interface Outcome {
  verdict: Verdict;
  reason?: CorsErrorName;
  failedParameter?: string;
  netError?: string;
  /** The leg where the verdict was decided (the last leg when nothing failed). */
  legIndex: number;
  stage: Stage;
  gap?: Gap;
  checks: Check[];
  culprit?: Culprit;
  preflight: { needed: boolean; sent: boolean; reasons: PreflightReason[] };
  /** The `Origin` the browser sent on the deciding leg: the page's, or `null` once tainted. */
  requestOrigin: string;
  /** The leg whose redirect made the origin `null`. */
  taintedAtLeg?: number;
  /** True when at least one leg was cross-origin (CORS applied). */
  cors: boolean;
  /** The deciding leg needed a preflight that was not recorded, but a response arrived (cache). */
  preflightAssumedCached: boolean;
  authorizationCoveredByWildcard: boolean;
  /** Recorded header names set aside as probably added by the network stack. */
  ambiguousHeaders: string[];
  notes: string[];
}

/** Where Chromium raises each error: before sending, at the preflight, at a redirect, or on the response. */
export function stageOfReason(reason: CorsErrorName): Stage {
  // Local Network Access is decided when connecting, before anything is sent.
  switch (reason) {
    case 'DisallowedByMode':
    case 'CorsDisabledScheme':
    case 'NoCorsRedirectModeNotFollow':
    case 'InsecureLocalNetwork':
    case 'InvalidLocalNetworkAccess':
    case 'LocalNetworkAccessPermissionDenied':
      return 'request';
  }
  if (reason.startsWith('Preflight') || reason.endsWith('PreflightResponse')) return 'preflight';
  if (reason === 'RedirectContainsCredentials') return 'redirect';
  return 'response';
}
