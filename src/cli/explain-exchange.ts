import type { Diagnosis, Exchange } from '../cors/types.ts';
import type { FixOptions, FixPlan } from '../fixes/index.ts';
import type { Fix } from '../fixes/types.ts';
import { reportExchange, type RedactOptions } from '../report/index.ts';
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
      // `fixes` is the row's last key: written by `fixJson` after the rest of the row.
      const { fixes: _none, ...head } = reportExchange(exchange, diagnosis, NO_FIXES);
      out.rowParts = fixJson!.row(
        head,
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
