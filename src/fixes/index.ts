/**
 * Ready-to-paste fixes for blocked exchanges: one per stack, tailored to the exact origin, methods,
 * headers and credentials of the case, ranked by what the response headers reveal.
 */
import type { Diagnosis, Exchange, Header } from '../cors/types.ts';
import { NOT_FIXABLE_BY_CONFIG, proxyReasonNotes, reasonNotes } from './advice.ts';
import {
  buildContext,
  legsOf,
  MODULE_FORMATS,
  type FixContext,
  type ModuleFormat,
} from './context.ts';
import { detectStackHints } from './detect.ts';
import { rankStacks } from './rank.ts';
import { STACKS } from './stacks/index.ts';
import type { Fix, StackId } from './types.ts';
import { unconfiguredStackNote } from './unconfigured.ts';

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

/**
 * One stack's fix for a context, with the shared notes after the "where" note, and for Node stacks
 * the other module system as a variant. Also used by `fixForOverride`, so both show the same text.
 */
export function renderFix(
  ctx: FixContext,
  stack: StackId,
  shared: { server: string[]; proxy: string[] } = { server: [], proxy: [] },
): Fix {
  const template = STACKS[stack];
  const { code, notes } = template.render(ctx);
  const [where, ...rest] = notes;
  const fix: Fix = {
    stack,
    title: template.title,
    kind: template.kind,
    language: template.language,
    code,
    notes: [
      ...(where ? [where] : []),
      ...shared[template.kind],
      ...unconfiguredStackNote(stack, ctx.preflightStatus),
      ...rest,
    ],
  };
  if (template.moduleFormats) {
    fix.moduleFormat = ctx.moduleFormat;
    fix.variants = MODULE_FORMATS.filter((f) => f !== ctx.moduleFormat).map((f) => ({
      label: MODULE_FORMAT_LABELS[f],
      moduleFormat: f,
      code: template.render({ ...ctx, moduleFormat: f }).code,
    }));
  }
  return fix;
}

export const MODULE_FORMAT_LABELS: Readonly<Record<ModuleFormat, string>> = {
  esm: 'ES module (import)',
  cjs: 'CommonJS (require)',
};

export { detectStack, detectStackHints, type StackHint, type Confidence } from './detect.ts';
export { adviceFor, adviceForExchange, proxyExplanation } from './advice.ts';
export { curlForPreflight, shellQuote } from './curl.ts';
export { STACK_IDS } from './stacks/index.ts';
export type { Fix, FixVariant, StackId } from './types.ts';
export { MODULE_FORMATS, type ModuleFormat } from './context.ts';
export { UNCONFIGURED_PREFLIGHT, type UnconfiguredPreflight } from './unconfigured.ts';
