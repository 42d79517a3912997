import type { CorsErrorName, Diagnosis, InputError, Verdict } from '../cors/types.ts';
import type { Fix } from '../fixes/types.ts';

/**
 * One exchange in an exported report: the JSON the CLI prints with `--json` and the panel exports.
 * CONTRACT for scripts that consume `cors-lens explain --json`: fields may be added, not renamed.
 */
export interface ReportExchange {
  /** The first URL the page requested. */
  url: string;
  /** The URL of the last leg (differs after redirects). */
  finalUrl: string;
  method: string;
  verdict: Verdict;
  reason: CorsErrorName | null;
  failedParameter: string | null;
  preflight: Diagnosis['preflight'];
  summary: string;
  /** Best first; empty when the exchange is not blocked or no configuration fixes it. */
  fixes: Fix[];
}

export interface Report {
  exchanges: ReportExchange[];
  /** Problems with the input (paths like `log.entries[12].request.headers`) or with the analysis. */
  errors: InputError[];
}
