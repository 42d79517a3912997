/**
 * The override model and the declarativeNetRequest rule compiler: the public surface the background,
 * the popup, the options page and the panel import. This module owns the model: the draft a page
 * sends, durations, limits and validation, host patterns, import/export, the one "relax again"
 * rule, compilation and simulation. src/protocol only carries it over the wire.
 */
export type { Override, OverrideEnd, OverrideScope } from './types.ts';
export type * from './dnr-types.ts';
export { parseSiteOrigin, parseApiOrigin, type OriginResult } from './origin.ts';
export {
  validateOverride,
  validateOverrideList,
  checkMethod,
  checkRequestHeader,
  checkExposeHeader,
} from './validate.ts';
export { createOverride } from './create.ts';
export { DURATION_CHOICES, DEFAULT_DURATION_MINUTES, type OverrideDraft } from './draft.ts';
export { relaxAgain, addToList } from './relax-again.ts';
export { isLocalDevSite, publicSiteWarning } from './local-site.ts';
export {
  ALL_HTTP_HOSTS,
  hostPatternsFor,
  isCovered,
  missingPatterns,
  patternsToGiveBack,
  originToMatchPattern,
} from './host-patterns.ts';
export {
  exportOverrides,
  importOverrides,
  isTabBound,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ImportResult,
} from './transfer.ts';
export {
  compileRules,
  type CompileOptions,
  type CompileResult,
  type CompileStats,
  type TabInfo,
} from './compile.ts';
export { diffRules, canonicalRule, type RuleUpdate } from './diff.ts';
export {
  simulate,
  type SimulatedRequest,
  type SimulateOptions,
  type SimulateResult,
} from './simulate.ts';
export {
  learnFromPreflight,
  learnFromFailure,
  learnFromRedirect,
  allowedMethods,
  allowedRequestHeaders,
  type Learned,
} from './learn.ts';
export { activeOverrides, nextExpiry, endsAt, isExpired } from './expiry.ts';
export { isCorsLensRuleId, RULE_ID_MIN, RULE_ID_MAX, PRIORITY, FAMILY } from './ids.ts';
export {
  DEFAULT_ALLOWED_HEADERS,
  DEFAULT_ALLOWED_METHODS,
  PREFLIGHT_MAX_AGE_SECONDS,
  LIMITS,
} from './defaults.ts';
