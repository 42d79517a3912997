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
import { STACKS } from './stacks/index.ts';
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
  const plan = planFixes(exchange, diagnosis, opts);
  return plan.stacks.map((_, i) => plan.render(i));
}

/**
 * `generateFixes` ranked but not yet written: which stacks, in which order, and `render(i)` to write
 * the i-th fix. Writing a fix (two module variants, notes) is most of the cost, and a report that
 * shows the best fix or the first few need not pay for all eighteen.
 */
export interface FixPlan {
  readonly stacks: readonly { stack: StackId; detectedBy?: string }[];
  /** The i-th fix, as `generateFixes(...)[i]`. */
  render(index: number): Fix;
  /** The i-th fix's name only: its stack, title, kind and language, no code and no notes. */
  outline(index: number): Fix;
}

/** `renderFix` reads only the notes of its stack's kind. */
const NO_NOTES: string[] = [];

const NO_FIXES: FixPlan = {
  stacks: [],
  render: noFix,
  outline: noFix,
};

function noFix(index: number): never {
  throw new RangeError(`there is no fix ${index}`);
}

export function planFixes(
  exchange: Exchange,
  diagnosis: Diagnosis,
  opts: FixOptions = {},
): FixPlan {
  if (diagnosis?.verdict !== 'blocked') return NO_FIXES;
  if (diagnosis.reason && NOT_FIXABLE_BY_CONFIG.has(diagnosis.reason)) return NO_FIXES;
  const ctx = buildContext(exchange, diagnosis, opts.moduleFormat);
  if (!ctx || (ctx.target.scheme !== 'http' && ctx.target.scheme !== 'https')) return NO_FIXES;
  // Written when a fix of that kind is: the text report writes one fix, so one kind.
  const written: { server?: string[]; proxy?: string[] } = {};
  const sharedFor = (kind: 'server' | 'proxy') =>
    kind === 'server'
      ? { server: (written.server ??= reasonNotes(ctx, exchange, diagnosis)), proxy: NO_NOTES }
      : {
          server: NO_NOTES,
          proxy: (written.proxy ??= proxyReasonNotes(ctx, exchange, diagnosis)),
        };
  const ranked = rankStacks(ctx, detectStackHints(responseHeadersOf(exchange)), opts.preferStack);
  return {
    stacks: ranked,
    render(index) {
      const { stack, detectedBy } = ranked[index]!;
      const fix = renderFix(ctx, stack, sharedFor(STACKS[stack].kind));
      if (detectedBy !== undefined) fix.detectedBy = detectedBy;
      return fix;
    },
    outline(index) {
      const { stack, detectedBy } = ranked[index]!;
      const { title, kind, language } = STACKS[stack];
      const fix: Fix = { stack, title, kind, language, code: '', notes: [] };
      if (detectedBy !== undefined) fix.detectedBy = detectedBy;
      return fix;
    },
  };
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
