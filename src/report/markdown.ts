import type { InputError } from '../cors/types.ts';
import type { Fix } from '../fixes/types.ts';
import { verdictCounts } from './build-report.ts';
import { describePreflight } from './describe.ts';
import type { Report, ReportExchange } from './types.ts';

export interface MarkdownOptions {
  /** Title of the document. */
  title?: string;
  /** How many fixes to print in full per blocked exchange (the others are listed by name). */
  fixesShown?: number;
}

/** The report as Markdown, for issues, pull requests and chat. Blocked first, allowed in a table. */
export function toMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  const counts = verdictCounts(report);
  out.push(`# ${inline(opts.title ?? 'CORS Lens report')}`, '');
  out.push(
    `**${counts.blocked} blocked**, ${counts.allowed} allowed, ${counts['network-error']} network error(s), ${counts['not-cors']} not CORS.`,
    '',
  );
  const blocked = report.exchanges.filter((e) => e.verdict === 'blocked');
  if (blocked.length > 0) {
    out.push('## Blocked', '');
    blocked.forEach((row, i) => out.push(...blockedSection(row, i + 1, opts.fixesShown ?? 1)));
  }
  const failed = report.exchanges.filter((e) => e.verdict === 'network-error');
  if (failed.length > 0) {
    out.push('## Network errors (not CORS)', '');
    for (const row of failed)
      out.push(`- ${code(`${row.method} ${row.url}`)}: ${inline(row.summary)}`);
    out.push('');
  }
  const rest = report.exchanges.filter((e) => e.verdict === 'allowed' || e.verdict === 'not-cors');
  if (rest.length > 0) {
    out.push('## Allowed', '', '| Method | URL | Verdict |', '| --- | --- | --- |');
    for (const row of rest) out.push(`| ${cell(row.method)} | ${cell(row.url)} | ${row.verdict} |`);
    out.push('');
  }
  if (report.errors.length > 0) out.push(...errorSection(report.errors));
  return `${out.join('\n').trimEnd()}\n`;
}

function blockedSection(row: ReportExchange, n: number, fixesShown: number): string[] {
  const out = [`### ${n}. ${code(`${row.method} ${row.url}`)}`, ''];
  if (row.finalUrl !== row.url) out.push(`- **Redirected to:** ${code(row.finalUrl)}`);
  if (row.reason) out.push(`- **Reason:** ${code(row.reason)}`);
  if (row.failedParameter) out.push(`- **Failed parameter:** ${code(row.failedParameter)}`);
  out.push(`- **Browser sent:** ${inline(describePreflight(row.preflight))}`);
  out.push('', inline(row.summary), '');
  const shown = row.fixes.slice(0, Math.max(0, fixesShown));
  for (const fix of shown) out.push(...fixBlock(fix));
  const others = row.fixes.slice(shown.length);
  if (others.length > 0) {
    out.push(`Other fixes: ${others.map((f) => inline(f.title)).join(', ')}.`, '');
  }
  return out;
}

function fixBlock(fix: Fix): string[] {
  const out = [
    `**Fix: ${inline(fix.title)}**${fix.detectedBy ? ` (${inline(fix.detectedBy)})` : ''}`,
    '',
  ];
  out.push(...fence(fix.code, fix.language), '');
  for (const note of fix.notes) out.push(`- ${inline(note)}`);
  if (fix.notes.length > 0) out.push('');
  return out;
}

function errorSection(errors: readonly InputError[]): string[] {
  const out = ['## Input problems', ''];
  for (const e of errors) out.push(`- ${e.path ? `${code(e.path)}: ` : ''}${inline(e.message)}`);
  out.push('');
  return out;
}

/** A code fence longer than any backtick run inside, so pasted code cannot end it early. */
function fence(text: string, language: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const lang = /^[\w+-]*$/.test(language) ? language : '';
  return [`${ticks}${lang}`, noControls(text, true).trimEnd(), ticks];
}

/**
 * Every string from a HAR may be hostile (a crafted file): terminal control characters (C0, DEL,
 * C1) are dropped from everything the export writes, line breaks too outside code blocks.
 */
function noControls(text: string, keepNewlines = false): string {
  return keepNewlines ? text.replace(CONTROLS_BUT_LINES, '') : text.replace(CONTROLS, ' ');
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- tabs and line feeds stay in code blocks
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Inline code that survives backticks in the value: one line, no control characters. */
function code(text: string): string {
  const flat = noControls(text) || ' ';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/**
 * Prose (which quotes HAR values) on one line, with every character that could start Markdown
 * markup escaped: emphasis, links and images, HTML and entities, code spans, strikethrough,
 * table pipes, and a heading, list, quote or numbered item at the start of the line.
 */
function inline(text: string): string {
  return noControls(text)
    .replace(/[\\`*_[\]<>|~&!]/g, '\\$&')
    .replace(
      /^(\s*)([#>+=-]|\d+[.)])/,
      (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`,
    );
}

function cell(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}
