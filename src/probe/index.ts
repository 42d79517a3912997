/**
 * The live probe behind `cors-lens check`: a fetch() replayed against a server as Chromium sends it,
 * decided step by step by the engine. Pure; the HTTP client is injected (bin/http-client.mjs).
 */
export { runProbe, type ProbeResult, type SentRequest } from './walk.ts';
export { nextStep, type Step } from './engine-step.ts';
export { redirectedRequest, redirectMethod } from './redirect.ts';
export {
  actualRequest,
  fetchSite,
  normalizeMethod,
  pageHeaders,
  preflightRequest,
  specProblems,
  PROBE_USER_AGENT,
  STRING_BODY_CONTENT_TYPE,
  type FetchSite,
  type LegState,
  type PageHeaders,
} from './request.ts';
export type * from './types.ts';
