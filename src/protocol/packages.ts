/**
 * The packages CORS Lens ships, by the name users see in the browser and the store. One Chrome
 * package cannot do everything: `debugger` (needed to answer a preflight the server fails) cannot
 * be an optional permission in Chrome, so the lean store package leaves it out and a second package
 * includes it (scripts/manifest-for.ts builds both; `npm run pack` zips both).
 */
import type { CorsErrorName, Exchange } from '../cors/types.ts';

export const STORE_PACKAGE_NAME = 'CORS Lens';
export const PREFLIGHT_PACKAGE_NAME = 'CORS Lens (with preflight answers)';

/**
 * Chromium's reasons that no response header can cure but an answered preflight can: the server
 * failed the preflight (non-2xx) or redirected it. DNR changes headers, never a status or a
 * redirect; only the preflight-answers package (chrome.debugger, Fetch.fulfillRequest) replaces
 * the answer.
 */
export const ANSWERED_PREFLIGHT_REASONS: ReadonlySet<CorsErrorName> = new Set<CorsErrorName>([
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
]);

/**
 * True when only an answered preflight can let this exchange through: Chromium named a failed or
 * redirected preflight, or a preflight came back with a non-2xx status whatever Chromium reported
 * first (it checks Access-Control-Allow-Origin before the status, so a bare 404 reads
 * `PreflightMissingAllowOriginHeader`; headers added by an override would only turn it into
 * `PreflightInvalidStatus`).
 */
export function needsAnsweredPreflight(
  reason: CorsErrorName | undefined,
  exchange: Pick<Exchange, 'legs'>,
): boolean {
  if (reason !== undefined && ANSWERED_PREFLIGHT_REASONS.has(reason)) return true;
  if (reason === undefined || !reason.startsWith('Preflight')) return false;
  return exchange.legs.some((leg) => {
    const status = leg.preflight?.response?.status;
    return status !== undefined && (status < 200 || status > 299);
  });
}
