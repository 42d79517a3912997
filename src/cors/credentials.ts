/**
 * The request's credentials mode. Sources like HAR do not record it, so the engine infers it from
 * what went over the wire and says how sure it is.
 */
import type { NormalExchange } from './normalize.ts';
import { isSameOriginUrl } from './origin.ts';
import { announcedHeaderNames } from './recorded-headers.ts';
import type { CorsErrorName, CredentialsMode } from './types.ts';

export interface CredentialsGuess {
  mode: CredentialsMode;
  inferred: boolean;
  evidence: string[];
}

/** Errors that only a request with credentials mode `include` can produce. */
export const INCLUDE_ONLY_ERRORS: ReadonlySet<CorsErrorName> = new Set([
  'WildcardOriginNotAllowed',
  'PreflightWildcardOriginNotAllowed',
  'InvalidAllowCredentials',
  'PreflightInvalidAllowCredentials',
]);

export function inferCredentials(ex: NormalExchange): CredentialsGuess {
  if (ex.credentials) return { mode: ex.credentials, inferred: false, evidence: [] };
  const evidence: string[] = [];
  for (const leg of ex.legs) {
    const url = leg.url;
    // Same-origin legs carry cookies in every mode but "omit"; only cross-origin ones tell.
    if (!url || isSameOriginUrl(ex.initiatorOrigin, url)) continue;
    const { cookie, storageAccess, authorization } = leg.hints;
    if (cookie) {
      evidence.push(
        'The cross-origin request carried a Cookie header, which the browser only sends with credentials: "include" (or XHR withCredentials).',
      );
    }
    if (storageAccess) {
      evidence.push(
        'The request carried Sec-Fetch-Storage-Access, which Chromium adds to credentialed cross-site requests.',
      );
    }
    if (authorization) {
      const announced = leg.preflight
        ? announcedHeaderNames(leg.preflight.request.headers)
        : undefined;
      if (announced && !announced.includes('authorization')) {
        evidence.push(
          'The request carried an Authorization header the preflight did not announce, so the browser added it from its HTTP-auth cache: credentials were included.',
        );
      }
    }
    if (evidence.length > 0) break;
  }
  const observed = ex.observed.corsError;
  if (observed && INCLUDE_ONLY_ERRORS.has(observed)) {
    evidence.push(
      `The browser reported ${observed}, an error only requests with credentials can get.`,
    );
  }
  if (evidence.length > 0) return { mode: 'include', inferred: true, evidence };
  return {
    mode: 'same-origin',
    inferred: true,
    evidence: [
      'No cookies or other credentials were seen on the cross-origin request, so it is taken to use the fetch() default, credentials: "same-origin", which sends none cross-origin.',
    ],
  };
}
