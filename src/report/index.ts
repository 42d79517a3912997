/** Exportable reports (JSON and Markdown) and redaction, shared by the CLI and the panel. Pure. */
export { buildReport, reportExchange, verdictCounts } from './build-report.ts';
export { toMarkdown, type MarkdownOptions } from './markdown.ts';
export { describePreflight, describePreflightReason } from './describe.ts';
export {
  redact,
  redactForOutput,
  redactHeaders,
  redactHeaderValue,
  redactText,
  redactNewText,
  redactUrl,
  isSensitiveHeader,
  isSensitiveParam,
  REDACTED,
  type RedactOptions,
} from './redact.ts';
export type { Report, ReportExchange } from './types.ts';
