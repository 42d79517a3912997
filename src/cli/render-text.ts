import type { Diagnosis, Exchange, Header, HttpResponse, InputError } from '../cors/types.ts';
import type { Fix } from '../fixes/types.ts';
import type { SkipReason } from '../har/index.ts';
import { describePreflight } from '../report/index.ts';
import type { AnalyzedExchange } from './analyze.ts';
import { safe, type Paint } from './paint.ts';

export interface TextOptions {
  paint: Paint;
  /** List each allowed exchange instead of a per-server summary. */
  all: boolean;
  /** Shown in the headline: the file name, or "standard input". */
  source: string;
}

export interface TextInput {
  items: readonly AnalyzedExchange[];
  skipped: Readonly<Record<SkipReason, number>>;
  errors: readonly InputError[];
}

const SKIP_LABELS: Record<SkipReason, string> = {
  'same-origin': 'same-origin',
  navigation: 'navigation(s)',
  'not-cors': 'not CORS (no-cors: images, scripts, styles…)',
  'unsupported-scheme': 'data:/blob:/other scheme',
  'unknown-initiator': 'of unknown origin',
  'unpaired-preflight': 'preflight(s) without their request',
};

/** Blocked exchanges mostly fail at the preflight for these reasons: show the preflight. */
const PREFLIGHT_STAGE =
  /^(Preflight|InvalidAllow(Methods|Headers)|MethodDisallowed|HeaderDisallowed)/;

/** The human report: headline, blocked in detail, network errors, allowed summarised, problems. */
export function renderText(input: TextInput, opts: TextOptions): string {
  const p = opts.paint;
  const out: string[] = [];
  const blocked = input.items.filter((i) => i.diagnosis.verdict === 'blocked');
  const failed = input.items.filter((i) => i.diagnosis.verdict === 'network-error');
  const allowed = input.items.filter((i) => i.diagnosis.verdict === 'allowed');
  const notCors = input.items.filter((i) => i.diagnosis.verdict === 'not-cors');

  out.push(headline(input.items.length, blocked.length, allowed.length, failed.length, opts));
  const skippedLine = skippedSummary(input.skipped);
  if (skippedLine) out.push(p.dim(skippedLine));
  out.push('');

  blocked.forEach((item, i) =>
    out.push(...blockedBlock(item, blockedNumber(i + 1, blocked.length, p), p), ''),
  );

  if (failed.length > 0) {
    out.push(networkErrorsTitle(failed.length, p));
    for (const item of failed) out.push(networkErrorLine(item, p));
    out.push('');
  }
  if (allowed.length > 0) {
    out.push(p.green(p.bold(`ALLOWED (${allowed.length})`)));
    out.push(
      ...(opts.all
        ? allowed.map((i) => `  ${oneLiner(i, p)}`)
        : perServer(groupAllowed(allowed), p)),
    );
    out.push('');
  }
  if (notCors.length > 0 && opts.all) {
    out.push(p.bold(`NOT CORS (${notCors.length})`));
    for (const item of notCors) out.push(`  ${oneLiner(item, p)}`);
    out.push('');
  }
  out.push(...inputProblems(input.errors, p));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The problems listed; `count` is all of them when the list was cut (see `MAX_LISTED_ERRORS`). */
export function inputProblems(
  errors: readonly InputError[],
  p: Paint,
  count = errors.length,
): string[] {
  if (errors.length === 0) return [];
  const out = [p.red(p.bold(`INPUT PROBLEMS (${count})`))];
  for (const e of errors)
    out.push(`  ${e.path ? `${p.cyan(safe(e.path))}: ` : ''}${safe(e.message)}`);
  out.push('');
  return out;
}

export function headline(
  total: number,
  blocked: number,
  allowed: number,
  failed: number,
  opts: TextOptions,
): string {
  const p = opts.paint;
  const parts = [
    blocked > 0 ? p.red(p.bold(`${blocked} blocked`)) : p.green('none blocked'),
    `${allowed} allowed`,
  ];
  if (failed > 0) parts.push(p.yellow(`${failed} network error${failed === 1 ? '' : 's'}`));
  const other = total - blocked - allowed - failed;
  if (other > 0) parts.push(`${other} not CORS`);
  const noun = total === 1 ? 'cross-origin request' : 'cross-origin requests';
  return `${p.bold('cors-lens')} ${safe(opts.source)}: ${total} ${noun}, ${parts.join(', ')}`;
}

export function skippedSummary(skipped: Readonly<Record<SkipReason, number>>): string | undefined {
  const parts = (Object.keys(SKIP_LABELS) as SkipReason[])
    .filter((r) => skipped[r] > 0)
    .map((r) => `${skipped[r]} ${SKIP_LABELS[r]}`);
  return parts.length > 0 ? `Skipped entries: ${parts.join(', ')}.` : undefined;
}

/** "3/12 " before a blocked request's line, when there is more than one. */
export function blockedNumber(n: number, of: number, p: Paint): string {
  return of > 1 ? p.dim(`${n}/${of} `) : '';
}

export function networkErrorsTitle(count: number, p: Paint): string {
  return p.yellow(p.bold(`NETWORK ERRORS (${count})`)) + p.dim('  not CORS problems');
}

export function networkErrorLine({ exchange, diagnosis }: AnalyzedExchange, p: Paint): string {
  return `  ${requestLine(exchange)}  ${p.yellow(safe(diagnosis.netError ?? 'failed'))}`;
}

export function blockedBlock(item: AnalyzedExchange, number: string, p: Paint): string[] {
  const { exchange, diagnosis, fixes } = item;
  const out: string[] = [];
  out.push(`${p.red(p.bold('BLOCKED'))} ${number}${p.bold(requestLine(exchange))}`);
  out.push(label(p, 'from', origins(exchange, diagnosis)));
  if (diagnosis.reason) out.push(label(p, 'reason', p.bold(diagnosis.reason)));
  if (diagnosis.failedParameter) out.push(label(p, 'failed', safe(diagnosis.failedParameter)));
  out.push(label(p, 'why', safe(diagnosis.summary)));
  if (exchange.legs.length > 1) out.push(label(p, 'redirects', redirectChain(exchange)));

  const legIndex = clampLeg(exchange, diagnosis.culprit?.legIndex);
  const leg = exchange.legs[legIndex]!;
  const preflightStage =
    leg.preflight !== undefined &&
    (diagnosis.culprit?.where.startsWith('preflight') === true ||
      PREFLIGHT_STAGE.test(diagnosis.reason ?? ''));
  const culprit = diagnosis.culprit?.header?.toLowerCase();

  out.push(label(p, 'sent', describePreflight(diagnosis.preflight)));
  const sent = preflightStage ? leg.preflight!.request : leg.request;
  out.push(indent(p.dim(`${safe(sent.method)} ${safe(sent.url)}`)));
  for (const h of sentHeaders(sent.headers, preflightStage, diagnosis)) {
    out.push(indent(headerLine(h, culprit, p)));
  }

  const response = preflightStage ? leg.preflight!.response : leg.response;
  const netError = preflightStage ? leg.preflight!.netError : leg.netError;
  out.push(label(p, 'answered', answer(response, netError, preflightStage)));
  if (response) {
    const shown = answeredHeaders(response.headers, culprit);
    if (shown.length === 0) out.push(indent(p.dim('(no Access-Control-* headers)')));
    for (const h of shown) out.push(indent(headerLine(h, culprit, p)));
  }

  for (const note of diagnosis.notes) out.push(label(p, 'note', p.dim(safe(note))));
  out.push(...fixLines(fixes, p));
  return out;
}

/** Notes per fix in the text report; the rest are in `--json` and the panel. */
export const NOTES_SHOWN = 2;

function fixLines(fixes: readonly Fix[], p: Paint): string[] {
  const [best, ...others] = fixes;
  if (!best) return [label(p, 'fix', 'no server configuration fixes this; see the reason above.')];
  const out = [label(p, 'fix', p.bold(safe(best.title)))];
  if (best.detectedBy) out.push(indent(p.dim(`chosen because: ${safe(best.detectedBy)}`)));
  out.push('');
  // `trimEnd` drops what `/\s+$/` matches, without that pattern's retry at every inner space run.
  for (const line of best.code.trimEnd().split('\n')) out.push(indent(safe(line)));
  out.push('');
  for (const note of best.notes.slice(0, NOTES_SHOWN)) out.push(indent(p.dim(`- ${safe(note)}`)));
  const hidden = best.notes.length - NOTES_SHOWN;
  if (hidden > 0)
    out.push(indent(p.dim(`(${hidden} more note${hidden === 1 ? '' : 's'} in --json)`)));
  if (others.length > 0) {
    const names = others.slice(0, 5).map((f) => f.stack);
    const more = others.length > 5 ? `, +${others.length - 5} more` : '';
    out.push(indent(p.dim(`other fixes: ${names.join(', ')}${more} (pick one with --stack NAME)`)));
  }
  return out;
}

function origins(exchange: Exchange, diagnosis: Diagnosis): string {
  const c = diagnosis.credentials;
  const creds = `credentials: ${c.mode}${c.inferred ? ' (inferred)' : ''}`;
  const api = exchange.initiator ? ` via ${exchange.initiator}` : '';
  return `${safe(exchange.initiatorOrigin)}${api}, ${creds}`;
}

function redirectChain(exchange: Exchange): string {
  return exchange.legs
    .map((leg) => `${safe(leg.request.url)}${leg.response ? ` (${leg.response.status})` : ''}`)
    .join(' → ');
}

function requestLine(exchange: Exchange): string {
  const first = exchange.legs[0]?.request;
  return first ? `${safe(first.method)} ${safe(first.url)}` : '(no request)';
}

export function oneLiner({ exchange, diagnosis }: AnalyzedExchange, p: Paint): string {
  const last = exchange.legs[exchange.legs.length - 1];
  const status = last?.response ? String(last.response.status) : (last?.netError ?? '');
  return `${requestLine(exchange)}  ${p.dim(safe(status))}  ${p.dim(safe(diagnosis.summary))}`;
}

/** Server → method → count, for the allowed summary. */
export type AllowedGroups = Map<string, Map<string, number>>;

export function groupAllowed(
  items: readonly AnalyzedExchange[],
  groups: AllowedGroups = new Map(),
): AllowedGroups {
  for (const item of items) {
    const { server, method } = allowedGroupOf(item);
    countAllowed(groups, server, method);
  }
  return groups;
}

/** Where `groupAllowed` counts an exchange: its first request's server and method. */
export function allowedGroupOf({ exchange }: AnalyzedExchange): { server: string; method: string } {
  const first = exchange.legs[0]?.request;
  return { server: serverOf(first?.url ?? ''), method: first?.method ?? '?' };
}

export function countAllowed(groups: AllowedGroups, server: string, method: string): void {
  const methods = groups.get(server) ?? new Map<string, number>();
  methods.set(method, (methods.get(method) ?? 0) + 1);
  groups.set(server, methods);
}

/** Allowed exchanges grouped by server: "http://localhost:3000  12 (GET 9, POST 3)". */
export function perServer(groups: AllowedGroups, p: Paint): string[] {
  const lines = [...groups].map(([server, methods]) => {
    const total = [...methods.values()].reduce((a, b) => a + b, 0);
    const detail = [...methods].map(([m, n]) => `${m} ${n}`).join(', ');
    return `  ${safe(server)}  ${total} (${safe(detail)})`;
  });
  lines.push(p.dim('  (--all lists them one by one)'));
  return lines;
}

function serverOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function answer(
  response: HttpResponse | undefined,
  netError: string | undefined,
  preflight: boolean,
): string {
  const to = preflight ? ' to the preflight' : '';
  if (!response) {
    return netError
      ? `nothing${to}: ${safe(netError)}`
      : `nothing${to}: the request was not sent or got no response`;
  }
  return `${response.status}${response.statusText ? ` ${safe(response.statusText)}` : ''}${to}`;
}

const ALWAYS_SENT = new Set([
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
]);
const CREDENTIAL_HEADERS = new Set(['cookie', 'authorization']);

/** The request headers CORS looked at: Origin, the preflight's, credentials, non-safelisted ones. */
function sentHeaders(
  headers: readonly Header[],
  preflight: boolean,
  diagnosis: Diagnosis,
): Header[] {
  const named = preflightHeaderNames(diagnosis);
  return headers.filter((h) => isSentHeaderShown(h.name.toLowerCase(), preflight, named));
}

/** Whether `sentHeaders` lists a request header (`lower`: its name in lower case). */
export function isSentHeaderShown(
  lower: string,
  preflight: boolean,
  named: ReadonlySet<string>,
): boolean {
  if (ALWAYS_SENT.has(lower)) return true;
  if (preflight) return false;
  return CREDENTIAL_HEADERS.has(lower) || named.has(lower);
}

/** The request headers a preflight named as the reason it was sent, lower-cased. */
export function preflightHeaderNames(diagnosis: Diagnosis): Set<string> {
  return new Set(
    diagnosis.preflight.reasons.flatMap((r) =>
      r.kind === 'header' ? [r.header.toLowerCase()] : [],
    ),
  );
}

function answeredHeaders(headers: readonly Header[], culprit: string | undefined): Header[] {
  return headers.filter((h) => isAnsweredHeaderShown(h.name.toLowerCase(), culprit));
}

/** Whether `answeredHeaders` lists a response header (`lower`: its name in lower case). */
export function isAnsweredHeaderShown(lower: string, culprit: string | undefined): boolean {
  return (
    lower.startsWith('access-control-') ||
    lower === 'vary' ||
    lower === 'location' ||
    lower === culprit
  );
}

function headerLine(h: Header, culprit: string | undefined, p: Paint): string {
  const line = `${safe(h.name)}: ${safe(h.value)}`;
  return h.name.toLowerCase() === culprit ? `${p.red(line)} ${p.red('← here')}` : line;
}

export function clampLeg(exchange: Exchange, index: number | undefined): number {
  const last = exchange.legs.length - 1;
  if (index === undefined || !Number.isInteger(index) || index < 0 || index > last) return last;
  return index;
}

function label(p: Paint, name: string, text: string): string {
  return `  ${p.dim(name.padEnd(9))} ${text}`;
}

function indent(text: string): string {
  return text === '' ? '' : `            ${text}`;
}
