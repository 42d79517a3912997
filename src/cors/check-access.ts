/**
 * Chromium's CORS check on one response (`cors.cc: CheckAccess`), in its exact order. Used for
 * redirects, final responses and (mapped to the `Preflight*` twins) preflight responses.
 */
import { isValidAbsoluteUrl } from './url.ts';
import type { CorsErrorName, CredentialsMode } from './types.ts';

export type AccessError =
  | 'WildcardOriginNotAllowed'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials';

export interface CheckAccessInput {
  /** `Access-Control-Allow-Origin`, repeated lines joined with `", "`, LWS-trimmed; absent = undefined. */
  allowOrigin: string | undefined;
  /** `Access-Control-Allow-Credentials`, normalized the same way. */
  allowCredentials: string | undefined;
  /** The credentials mode of the actual request (also for its preflight). */
  credentials: CredentialsMode;
  /** The request's serialized origin: the page's, or `null` after a tainting redirect. */
  origin: string;
  /** Chromium skips the wildcard-with-credentials error for non-HTTP response URLs. Default true. */
  responseIsHttp?: boolean;
}

export type CheckAccessResult =
  { ok: true } | { ok: false; error: AccessError; failedParameter: string };

export function checkAccess(input: CheckAccessInput): CheckAccessResult {
  const { allowOrigin, allowCredentials, credentials, origin } = input;
  const include = credentials === 'include';
  if (allowOrigin === '*') {
    if (!include) return { ok: true };
    if (input.responseIsHttp !== false) {
      return { ok: false, error: 'WildcardOriginNotAllowed', failedParameter: '' };
    }
  } else if (allowOrigin === undefined) {
    return { ok: false, error: 'MissingAllowOriginHeader', failedParameter: '' };
  } else if (allowOrigin !== origin) {
    if (allowOrigin.includes(' ') || allowOrigin.includes(',')) {
      return { ok: false, error: 'MultipleAllowOriginValues', failedParameter: allowOrigin };
    }
    // `null` is checked before URL validity because GURL treats it as invalid.
    if (allowOrigin === 'null') {
      return { ok: false, error: 'AllowOriginMismatch', failedParameter: allowOrigin };
    }
    if (!isValidAbsoluteUrl(allowOrigin)) {
      return { ok: false, error: 'InvalidAllowOriginValue', failedParameter: allowOrigin };
    }
    return { ok: false, error: 'AllowOriginMismatch', failedParameter: allowOrigin };
  }
  if (include && allowCredentials !== 'true') {
    return { ok: false, error: 'InvalidAllowCredentials', failedParameter: allowCredentials ?? '' };
  }
  return { ok: true };
}

const PREFLIGHT_TWIN: Record<AccessError, CorsErrorName> = {
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/** The error Chromium reports when the same check fails on a preflight response. */
export function preflightTwin(error: AccessError): CorsErrorName {
  return PREFLIGHT_TWIN[error];
}
