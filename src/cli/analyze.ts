import { diagnose } from '../cors/index.ts';
import type { DiagnoseOptions } from '../cors/index.ts';
import type { Diagnosis, Exchange, InputError } from '../cors/types.ts';
import {
  generateFixes,
  planFixes,
  type FixOptions,
  type FixPlan,
  type ModuleFormat,
} from '../fixes/index.ts';
import type { Fix, StackId } from '../fixes/types.ts';
import { readHar, type HarReadResult } from '../har/index.ts';

export interface Engine {
  /** `opts.explanation: false` when only the summary is printed (`explain`). */
  diagnose(exchange: Exchange, opts?: DiagnoseOptions): Diagnosis;
  generateFixes(exchange: Exchange, diagnosis: Diagnosis, opts?: FixOptions): Fix[];
  /** `generateFixes` written on demand, for reports that show only some fixes (the default engine's). */
  planFixes?(exchange: Exchange, diagnosis: Diagnosis, opts?: FixOptions): FixPlan;
}

export const defaultEngine: Engine = { diagnose, generateFixes, planFixes };

export interface AnalyzedExchange {
  exchange: Exchange;
  diagnosis: Diagnosis;
  /** Best first; only blocked exchanges get fixes. */
  fixes: Fix[];
}

export interface Analysis {
  read: HarReadResult;
  items: AnalyzedExchange[];
  /** Failures of the analysis itself (a bug, not the input's fault). */
  internalErrors: InputError[];
}

/** Reads a HAR text and diagnoses every exchange; fixes for the blocked ones. Never throws. */
export function analyzeHar(
  text: string,
  opts: { stack?: StackId; moduleFormat?: ModuleFormat } = {},
  engine: Engine = defaultEngine,
): Analysis {
  const read = readHar(text);
  const items: AnalyzedExchange[] = [];
  const internalErrors: InputError[] = [];
  const fixOptions: FixOptions = {
    ...(opts.stack === undefined ? {} : { preferStack: opts.stack }),
    ...(opts.moduleFormat === undefined ? {} : { moduleFormat: opts.moduleFormat }),
  };
  for (const exchange of read.exchanges) {
    const path = `exchange ${exchange.id ?? items.length}`;
    let diagnosis: Diagnosis;
    try {
      diagnosis = engine.diagnose(exchange);
    } catch (e) {
      internalErrors.push({ path, message: `the engine failed: ${messageOf(e)}` });
      continue;
    }
    let fixes: Fix[] = [];
    if (diagnosis.verdict === 'blocked') {
      try {
        fixes = engine.generateFixes(exchange, diagnosis, fixOptions);
      } catch (e) {
        internalErrors.push({ path, message: `could not generate fixes: ${messageOf(e)}` });
      }
    }
    items.push({ exchange, diagnosis, fixes });
  }
  return { read, items, internalErrors };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
