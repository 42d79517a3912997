// The comparison itself, pure (no browser): recorded HAR entries → HAR reader → `diagnose`, set
// against Chromium's recorded verdict, case by case. Used live by the e2e suite and offline by the
// unit-level replay of test/fixtures/recorded/.
import { diagnose } from '../../../src/cors/index.ts';
import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import { harEntriesToExchanges } from '../../../src/har/index.ts';
import type { RecordedCase, Recording } from './recording.ts';

export interface Pass {
  /** Keep Chromium's `_error` marks, or strip its verdict marks (see stripMarks): prediction. */
  marks: boolean;
  /** Tell the engine each case's credentials mode, or let it infer one as it must for HAR files. */
  credentials: 'known' | 'inferred';
}

export const PASSES: readonly Pass[] = [
  { marks: true, credentials: 'known' },
  { marks: false, credentials: 'known' },
  { marks: true, credentials: 'inferred' },
  { marks: false, credentials: 'inferred' },
];

export function passName(pass: Pass): string {
  return `${pass.marks ? 'with _error marks' : 'prediction (no marks)'}, ${pass.credentials} credentials`;
}

/** A verdict in a form both sides can be put in. */
export interface Outcome {
  verdict: string;
  reason?: string;
  failedParameter?: string;
  netError?: string;
}

export interface CaseResult {
  id: string;
  title: string;
  chromium: Outcome;
  engine: Outcome;
  agrees: boolean;
  /** The engine said its verdict would differ under another credentials mode. */
  dependsOnCredentials: boolean;
}

export interface PassResult {
  pass: Pass;
  results: CaseResult[];
  agreeing: number;
  total: number;
  disagreements: CaseResult[];
}

/** What Chromium decided: a CORS error (blocked), a network error, or a normal finish. */
export function chromiumOutcome(c: RecordedCase): Outcome {
  const v = c.chromium;
  if (v.corsError !== undefined) {
    return { verdict: 'blocked', reason: v.corsError, failedParameter: v.failedParameter ?? '' };
  }
  // CDP does not say whether CORS applied; the case does. A no-cors request is never CORS-checked
  // (Chromium's opaque-response blocking may still abort its body: net::ERR_ABORTED, not CORS).
  if (c.mode === 'no-cors' && v.state !== 'pending') return { verdict: 'not-cors' };
  if (v.state === 'failed') return { verdict: 'network-error', netError: v.errorText ?? '' };
  if (v.state === 'pending') return { verdict: 'pending' };
  return { verdict: 'allowed' };
}

function engineOutcome(d: Diagnosis): Outcome {
  const out: Outcome = { verdict: d.verdict };
  if (d.verdict === 'blocked') {
    if (d.reason !== undefined) out.reason = d.reason;
    out.failedParameter = d.failedParameter ?? '';
  }
  if (d.verdict === 'network-error' && d.netError !== undefined) out.netError = d.netError;
  return out;
}

export function sameOutcome(chromium: Outcome, engine: Outcome): boolean {
  if (chromium.verdict !== engine.verdict) return false;
  if (chromium.verdict === 'blocked') {
    return chromium.reason === engine.reason && chromium.failedParameter === engine.failedParameter;
  }
  if (chromium.verdict === 'network-error') return chromium.netError === engine.netError;
  return true;
}

/** Chromium's mark on a request it blocked for CORS reasons. */
export const CORS_BLOCK_MARK = 'net::ERR_FAILED';

function keepsMark(error: unknown, response: Record<string, unknown> | undefined): boolean {
  if (error === CORS_BLOCK_MARK) return false;
  // With a response recorded, its status and headers are what the engine must decide from (a
  // redirected preflight is logged as its 3xx plus net::ERR_INVALID_REDIRECT). Without one, the
  // error is the only trace of what happened (refused connection, too many redirects, a redirected
  // preflight logged without its response), as in any HAR file: kept.
  const status = response?.status;
  return !(typeof status === 'number' && status > 0);
}

/**
 * Prediction mode's input: the entries without Chromium's verdict marks. Removes `net::ERR_FAILED`
 * everywhere and `_error` on entries that have a response; keeps other errors of entries without one.
 */
export function stripMarks(entries: readonly unknown[]): unknown[] {
  return entries.map((entry) => {
    if (typeof entry !== 'object' || entry === null) return entry;
    const copy = { ...(entry as Record<string, unknown>) };
    const response =
      typeof copy.response === 'object' && copy.response !== null
        ? { ...(copy.response as Record<string, unknown>) }
        : undefined;
    if ('_error' in copy && !keepsMark(copy._error, response)) delete copy._error;
    if (response) {
      if (response._error != null && !keepsMark(response._error, response)) response._error = null;
      copy.response = response;
    }
    return copy;
  });
}

interface Read {
  byFirstUrl: Map<string, Exchange>;
  /** Skip reasons of entries that did not become exchanges, by URL. */
  skippedByUrl: Map<string, string>;
}

function read(entries: readonly unknown[], pageOrigin: string): Read {
  const result = harEntriesToExchanges([...entries], { pageOrigin });
  const byFirstUrl = new Map<string, Exchange>();
  for (const ex of result.exchanges) {
    const url = ex.legs[0]?.request.url;
    if (url !== undefined && !byFirstUrl.has(url)) byFirstUrl.set(url, ex);
  }
  const skippedByUrl = new Map<string, string>();
  result.entries.forEach((outcome, i) => {
    if (outcome.kind !== 'skipped') return;
    const url = (entries[i] as { request?: { url?: unknown } } | undefined)?.request?.url;
    if (typeof url === 'string') skippedByUrl.set(url, outcome.reason);
  });
  return { byFirstUrl, skippedByUrl };
}

function diagnoseCase(
  c: RecordedCase,
  r: Read,
  pass: Pass,
): Omit<CaseResult, 'agrees' | 'chromium'> {
  const base = { id: c.id, title: c.title };
  const exchange = r.byFirstUrl.get(c.url);
  if (!exchange) {
    const skipped = r.skippedByUrl.get(c.url);
    const verdict =
      skipped === 'not-cors' || skipped === 'same-origin'
        ? 'not-cors'
        : `no exchange${skipped ? ` (${skipped})` : ''}`;
    return { ...base, engine: { verdict }, dependsOnCredentials: false };
  }
  const input: Exchange =
    pass.credentials === 'known' ? { ...exchange, credentials: c.credentials } : exchange;
  const d = diagnose(input);
  return {
    ...base,
    engine: engineOutcome(d),
    dependsOnCredentials: d.credentials.verdictDependsOnIt,
  };
}

export function comparePass(recording: Recording, pass: Pass): PassResult {
  const entries = pass.marks ? recording.entries : stripMarks(recording.entries);
  const r = read(entries, recording.origins.page);
  const results = recording.cases.map((c) => {
    const chromium = chromiumOutcome(c);
    const partial = diagnoseCase(c, r, pass);
    return { ...partial, chromium, agrees: sameOutcome(chromium, partial.engine) };
  });
  const disagreements = results.filter((x) => !x.agrees);
  return {
    pass,
    results,
    agreeing: results.length - disagreements.length,
    total: results.length,
    disagreements,
  };
}

export function compareAll(recording: Recording): PassResult[] {
  return PASSES.map((pass) => comparePass(recording, pass));
}

function show(o: Outcome): string {
  if (o.verdict === 'blocked') {
    return `blocked ${o.reason ?? '(no reason)'}${o.failedParameter ? ` [${o.failedParameter}]` : ''}`;
  }
  if (o.verdict === 'network-error') return `network-error ${o.netError ?? ''}`.trim();
  return o.verdict;
}

/** A plain-text table: case | Chromium | engine. */
export function disagreementTable(rows: readonly CaseResult[], flagCredentials = true): string {
  const lines = rows.map(
    (r) =>
      [
        r.id,
        show(r.chromium),
        `${show(r.engine)}${flagCredentials && r.dependsOnCredentials ? ' (engine: depends on credentials)' : ''}`,
      ] as const,
  );
  const head = ['case', 'Chromium', 'engine'] as const;
  const width = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padEnd(width[i]!)).join(' | ');
  return [row(head), width.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}

export function agreementLine(result: PassResult): string {
  const pct = ((100 * result.agreeing) / Math.max(1, result.total)).toFixed(1);
  return `${passName(result.pass)}: ${result.agreeing}/${result.total} agree (${pct}%)`;
}

/** The full report: one agreement line per pass, then each pass's disagreements. */
export function report(results: readonly PassResult[]): string {
  const parts = results.map(agreementLine);
  for (const r of results) {
    if (r.disagreements.length === 0) continue;
    parts.push(
      '',
      `Disagreements — ${passName(r.pass)}:`,
      disagreementTable(r.disagreements, r.pass.credentials === 'inferred'),
    );
  }
  return parts.join('\n');
}
