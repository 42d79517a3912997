import type { Diagnosis, Exchange, InputError } from '../cors/types.ts';
import type { Fix } from '../fixes/types.ts';
import type { Report, ReportExchange } from './types.ts';

/**
 * The exportable report: `exchanges[i]` is described by `diagnoses[i]` and `fixes[i]`. An exchange
 * without a diagnosis is left out and reported in `errors`, so a caller's bug shows instead of
 * producing a half-filled row.
 */
export function buildReport(
  exchanges: readonly Exchange[],
  diagnoses: readonly Diagnosis[],
  fixes: readonly (readonly Fix[] | undefined)[] = [],
  errors: readonly InputError[] = [],
): Report {
  const rows: ReportExchange[] = [];
  const problems: InputError[] = [...errors];
  exchanges.forEach((exchange, i) => {
    const diagnosis = diagnoses[i];
    if (diagnosis === undefined) {
      problems.push({
        path: `exchanges[${i}]`,
        message: 'no diagnosis for this exchange; left out.',
      });
      return;
    }
    rows.push(reportExchange(exchange, diagnosis, fixes[i] ?? []));
  });
  return { exchanges: rows, errors: problems };
}

export function reportExchange(
  exchange: Exchange,
  diagnosis: Diagnosis,
  fixes: readonly Fix[],
): ReportExchange {
  const legs = exchange.legs;
  const first = legs[0]?.request;
  const last = legs[legs.length - 1]?.request;
  return {
    url: first?.url ?? '',
    finalUrl: last?.url ?? first?.url ?? '',
    method: first?.method ?? '',
    verdict: diagnosis.verdict,
    reason: diagnosis.reason ?? null,
    failedParameter: diagnosis.failedParameter ?? null,
    preflight: {
      needed: diagnosis.preflight.needed,
      sent: diagnosis.preflight.sent,
      reasons: [...diagnosis.preflight.reasons],
    },
    summary: diagnosis.summary,
    fixes: [...fixes],
  };
}

/** Counts per verdict, for headlines. */
export function verdictCounts(report: Report): Record<ReportExchange['verdict'], number> {
  const counts = { allowed: 0, blocked: 0, 'not-cors': 0, 'network-error': 0 };
  for (const row of report.exchanges) counts[row.verdict]++;
  return counts;
}
