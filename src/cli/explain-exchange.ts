import type { Diagnosis, Exchange } from '../cors/types.ts';
import type { FixOptions, FixPlan } from '../fixes/index.ts';
import type { Fix } from '../fixes/types.ts';
import { redactForOutput, reportExchange, type RedactOptions } from '../report/index.ts';
import type { Engine } from './analyze.ts';
import { createFixJson } from './fix-json.ts';
import { printedPart } from './printed-part.ts';
import type { RenderedItem, TextReportStream } from './text-stream.ts';

/**
 * What `cors-lens explain` writes for one exchange, ready to be placed in the report: the
 * `--json` row as text, or the text report's part. It depends on the exchange's contents alone
 * (never its id or times), which is what lets `memoizeExplainer` reuse it.
 */
export interface ExplainedExchange {
  blocked: boolean;
  /**
   * `--json`: the row as it stands in the `exchanges` array, as UTF-8 in parts (`fix-json.ts`),
   * the first the `,` that separates it from the row before.
   */
  rowParts?: readonly Uint8Array[];
  /** Text: the part of the report, before its number is known. */
  item?: RenderedItem;
  /** The engine or the fixes failed: the message (a bug, not the input's fault). */
  failure?: string;
  /** The engine failed: nothing is written for the exchange. */
  skip?: boolean;
}

export interface ExplainerOptions {
  engine: Engine;
  fixOptions: FixOptions;
  redaction: RedactOptions;
  /** `--json` with at most this many fixes written per row; text shows the best fix in full. */
  json: { maxFixes: number } | undefined;
  /** The text report, for its rendering (text only). */
  report: Pick<TextReportStream, 'render'> | undefined;
}

export type Explainer = (exchange: Exchange) => ExplainedExchange;

const SUMMARY_ONLY = { explanation: false } as const;
const NO_FIXES: readonly Fix[] = [];

export function createExplainer(opts: ExplainerOptions): Explainer {
  const { engine, redaction, json, report } = opts;
  const plan = fixPlanner(engine, opts.fixOptions);
  const fixJson = json ? createFixJson(redaction) : undefined;
  return (exchange) => {
    let diagnosis: Diagnosis;
    try {
      // Neither report prints the explanation or the console line: they are not written.
      diagnosis = engine.diagnose(exchange, SUMMARY_ONLY);
    } catch (e) {
      return { blocked: false, skip: true, failure: `the engine failed: ${messageOf(e)}` };
    }
    const blocked = diagnosis.verdict === 'blocked';
    let fixes: Fix[] = [];
    let total = 0;
    let failure: string | undefined;
    if (blocked) {
      try {
        // Only the fixes printed are written: all of them would be most of the work.
        const fixPlan = plan(exchange, diagnosis);
        total = fixPlan.stacks.length;
        const shown = Math.min(total, json ? json.maxFixes : 1);
        for (let i = 0; i < shown; i++) fixes.push(fixPlan.render(i));
        // The text shows the best fix in full and only the names of the others.
        if (!json) for (let i = shown; i < total; i++) fixes.push(fixPlan.outline(i));
      } catch (e) {
        failure = `could not generate fixes: ${messageOf(e)}`;
        fixes = [];
        total = 0;
      }
    }
    const out: ExplainedExchange = { blocked };
    if (failure !== undefined) out.failure = failure;
    if (json) {
      // The row without its fixes (its last key) through the walk; the fixes written by `fixJson`.
      const { fixes: _none, ...head } = reportExchange(exchange, diagnosis, NO_FIXES);
      out.rowParts = fixJson!.row(
        jsonRow(redactForOutput(head, redaction)),
        fixes,
        fixes.length < total ? total - fixes.length : undefined,
      );
    } else {
      out.item = report!.render(
        blocked
          ? printedPart(exchange, diagnosis, fixes, redaction)
          : { exchange, diagnosis, fixes },
      );
    }
    return out;
  };
}

/**
 * One row as `JSON.stringify({ exchanges: rows }, null, 2)` writes it between `[` and `]`: on
 * its own line, indented by 4, its inner lines by 4 more.
 */
export function jsonRow(row: object): string {
  // Nested two deep, JSON.stringify indents the row itself: no second pass over the text to
  // indent it. `[\n  [` before the row and `\n  ]\n]` after it are cut off.
  const nested = JSON.stringify([[row]], null, 2);
  return nested.slice(ROW_HEAD.length, nested.length - ROW_TAIL.length);
}

const ROW_HEAD = '[\n  [';
const ROW_TAIL = '\n  ]\n]';

/** The same bytes as `JSON.stringify(whole, null, 2)` would give for a nested value. */
export function indentJson(json: string, by: string): string {
  return by + json.replaceAll('\n', `\n${by}`);
}

/** `engine.planFixes`, or a plan over all of `engine.generateFixes` for an engine without it. */
function fixPlanner(
  engine: Engine,
  opts: FixOptions,
): (exchange: Exchange, diagnosis: Diagnosis) => FixPlan {
  if (engine.planFixes)
    return (exchange, diagnosis) => engine.planFixes!(exchange, diagnosis, opts);
  return (exchange, diagnosis) => {
    const fixes = engine.generateFixes(exchange, diagnosis, opts);
    return {
      stacks: fixes,
      render: (i) => fixes[i]!,
      outline: (i) => ({ ...fixes[i]!, code: '', notes: [] }),
    };
  };
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
