/**
 * Ready-to-paste fixes for blocked exchanges: one per stack, tailored to the exact origin, methods,
 * headers and credentials of the case, ranked by what the response headers reveal.
 */
import type { Diagnosis, Exchange, Header } from '../cors/types.ts';
import { NOT_FIXABLE_BY_CONFIG, proxyReasonNotes, reasonNotes } from './advice.ts';
import { buildContext, legsOf, type ModuleFormat } from './context.ts';
import { detectStackHints } from './detect.ts';
import { rankStacks } from './rank.ts';
import { renderFix } from './render.ts';
import type { Fix, StackId } from './types.ts';

export interface FixOptions {
  /** Put this stack first (the user's choice in the panel or `--stack` in the CLI). */
  preferStack?: StackId;
  /** Module system of the Node snippets' main `code` (`--module`); the other is a variant. */
  moduleFormat?: ModuleFormat;
}

/** Every response header the exchange recorded: preflights, redirects and final responses. */
export function responseHeadersOf(exchange: Exchange): Header[] {
  const out: Header[] = [];
  for (const leg of legsOf(exchange)) {
    for (const res of [leg?.preflight?.response, leg?.response]) {
      if (Array.isArray(res?.headers)) out.push(...res.headers);
    }
  }
  return out;
}

/**
 * Fixes for one exchange, best first. Empty unless the verdict is `blocked`, and empty for reasons
 * no server configuration fixes (Local Network Access, credentials in a redirect, file: URLs…):
 * `adviceForExchange` explains those.
 */
export function generateFixes(
  exchange: Exchange,
  diagnosis: Diagnosis,
  opts: FixOptions = {},
): Fix[] {
  if (diagnosis?.verdict !== 'blocked') return [];
  if (diagnosis.reason && NOT_FIXABLE_BY_CONFIG.has(diagnosis.reason)) return [];
  const ctx = buildContext(exchange, diagnosis, opts.moduleFormat);
  if (!ctx || (ctx.target.scheme !== 'http' && ctx.target.scheme !== 'https')) return [];
  const shared = {
    server: reasonNotes(ctx, exchange, diagnosis),
    proxy: proxyReasonNotes(ctx, exchange, diagnosis),
  };
  const ranked = rankStacks(ctx, detectStackHints(responseHeadersOf(exchange)), opts.preferStack);
  return ranked.map(({ stack, detectedBy }) => {
    const fix = renderFix(ctx, stack, shared);
    if (detectedBy !== undefined) fix.detectedBy = detectedBy;
    return fix;
  });
}

export { detectStack, detectStackHints, type StackHint, type Confidence } from './detect.ts';
export { adviceFor, adviceForExchange, proxyExplanation } from './advice.ts';
export {
  curlForPreflight,
  oneLine,
  powershellQuote,
  shellQuote,
  terminalSafeUrl,
  type CurlShell,
} from './curl.ts';
export { STACK_IDS } from './stacks/index.ts';
export type { Fix, FixVariant, StackId } from './types.ts';
export { MODULE_FORMATS, type ModuleFormat } from './context.ts';
export { MODULE_FORMAT_LABELS, renderFix } from './render.ts';
export {
  fixForOverride,
  contextForOverride,
  overrideApiOrigins,
  ANY_API_PLACEHOLDER,
  type OverrideFixOptions,
  type OverrideShape,
} from './from-override.ts';
export { UNCONFIGURED_PREFLIGHT, type UnconfiguredPreflight } from './unconfigured.ts';
