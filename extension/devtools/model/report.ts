import type { Exchange, Header } from '../../../src/cors/types.ts';
import { buildReport, redact, toMarkdown, type ReportExchange } from '../../../src/report/index.ts';
import { analyse } from './analysis.ts';
import { fixesFor } from './engine.ts';
import type { ExchangeRecord } from './exchange-record.ts';

export interface ExportOptions {
  /** Cookie, Authorization, tokens: redacted unless the user ticks the box. */
  includeSecrets: boolean;
}

/** A report row plus what the panel knows beyond the CLI: the status and every header line. */
export interface PanelReportExchange extends ReportExchange {
  status: string;
  legs: Exchange['legs'];
}

/**
 * The rows shown, as the shared report (verdict, reason, summary, fixes) plus their headers, so a
 * bug report carries the evidence. Redaction runs over the whole document, prose and code included.
 */
export function exportReport(
  records: readonly ExchangeRecord[],
  format: 'markdown' | 'json',
  opts: ExportOptions,
): string {
  const analyses = records.map(analyse);
  const exchanges = records.map((r) => r.exchange);
  const report = buildReport(
    exchanges,
    analyses.map((a) => a.diagnosis),
    records.map((r, i) =>
      analyses[i]!.diagnosis.verdict === 'blocked'
        ? fixesFor(r.exchange, analyses[i]!.diagnosis)
        : [],
    ),
  );
  const rows: PanelReportExchange[] = report.exchanges.map((row, i) => ({
    ...row,
    status: analyses[i]!.status,
    legs: exchanges[i]!.legs,
  }));
  const document = redact(
    { generator: 'CORS Lens panel', exchanges: rows, errors: report.errors },
    { enabled: !opts.includeSecrets },
  );
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  const relaxed = document.exchanges.filter((row) => row.status === 'relaxed').length;
  return [
    toMarkdown({ exchanges: document.exchanges, errors: document.errors }).trimEnd(),
    ...(relaxed
      ? [
          '',
          `${relaxed} of the blocked requests pass in the browser only because a CORS Lens override relaxed them.`,
        ]
      : []),
    '',
    '## Headers of the blocked requests',
    '',
    ...document.exchanges
      .filter((row) => row.verdict === 'blocked')
      .flatMap((row, i) => headerBlock(row, i + 1)),
  ]
    .join('\n')
    .trimEnd()
    .concat('\n');
}

function headerBlock(row: PanelReportExchange, n: number): string[] {
  const lines: string[] = [];
  row.legs.forEach((leg, hop) => {
    const suffix = row.legs.length > 1 ? ` (hop ${hop + 1})` : '';
    if (leg.preflight) {
      lines.push(
        `OPTIONS ${leg.request.url}${suffix}`,
        ...headerLines(leg.preflight.request.headers),
      );
      lines.push(
        `-> ${leg.preflight.response?.status ?? leg.preflight.netError ?? 'no response'}`,
        ...headerLines(leg.preflight.response?.headers ?? []),
      );
      lines.push('');
    }
    lines.push(
      `${leg.request.method} ${leg.request.url}${suffix}`,
      ...headerLines(leg.request.headers),
    );
    lines.push(
      `-> ${leg.response?.status ?? leg.netError ?? 'no response'}`,
      ...headerLines(leg.response?.headers ?? []),
    );
    lines.push('');
  });
  const body = lines.join('\n').trimEnd();
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return [`### ${n}. ${row.method} ${row.url}`, '', `${ticks}http`, body, ticks, ''];
}

function headerLines(headers: readonly Header[]): string[] {
  return headers.map((h) => `  ${h.name}: ${h.value}`);
}
