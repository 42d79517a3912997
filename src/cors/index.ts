/**
 * The CORS engine's public surface: Chromium's CORS verdict for recorded exchanges, explained, and
 * the building blocks it is made of. Pure TypeScript; no browser or Node APIs.
 */
import { diagnoseUnguarded, type DiagnoseOptions } from './diagnose.ts';
import { internalErrorDiagnosis } from './fallback-diagnoses.ts';
import type { Diagnosis, Exchange } from './types.ts';

/**
 * Chromium's CORS verdict for one exchange, with the checks it made, the culprit, the console line
 * and a plain-English explanation. Never throws: malformed input is reported in `notes`.
 */
export function diagnose(exchange: Exchange, opts?: DiagnoseOptions): Diagnosis {
  try {
    return diagnoseUnguarded(exchange, opts);
  } catch (error) {
    return internalErrorDiagnosis(error);
  }
}

export type { DiagnoseOptions } from './diagnose.ts';
export { explainConsoleMessage, type ConsoleExplanation } from './explain-console.ts';
export { firefoxReasonToCorsError, FIREFOX_REASONS, type FirefoxReasonKey } from './firefox.ts';
export { serializeOrigin, isSameOrigin, describeOriginDifference } from './origin.ts';
export { joinHeader } from './headers.ts';
export {
  corsUnsafeRequestHeaderNames,
  corsUnsafeRequestHeaders,
  needsPreflight,
} from './preflight-need.ts';
export {
  checkAccess,
  preflightTwin,
  type CheckAccessInput,
  type CheckAccessResult,
} from './check-access.ts';
export { parseAllowList, type AllowList } from './allow-list.ts';
export { isForbiddenHeader, isForbiddenMethod } from './forbidden.ts';
export { isSafelistedHeader, isSafelistedMethod } from './safelist.ts';
export { consoleMessage } from './console-messages.ts';
export { toCorsErrorName } from './normalize.ts';
export * from './types.ts';
