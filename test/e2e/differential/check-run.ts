// `cors-lens check` against the differential servers: every case of the matrix, run through the CLI
// (`runCli(['check', …, '--json'])` with the real Node HTTP client) against the same loopback routes
// Chromium was recorded on, and compared with Chromium's verdict, reason and failed parameter.
// Shared by the unit-level comparison with the recording and the live e2e comparison.
import { createHttpClient } from '../../../bin/http-client.mjs';
import { runCli } from '../../../src/cli/index.ts';
import type { Report, ReportExchange } from '../../../src/report/index.ts';
import { startServer } from '../harness/server.ts';
import type { Case, Origins } from './case-types.ts';
import { chromiumOutcome, sameOutcome, type Outcome } from './compare.ts';
import type { RecordedCase } from './recording.ts';
import { firstUrl, installRoutes, originsOf, type Servers } from './routes.ts';

/**
 * The `check` command line for one case. The page's fetch()/XHR options map to flags:
 * `credentials: 'include'` (XHR `withCredentials`) → `--credentials`; an XHR upload listener on a
 * request with a body → `--force-preflight` (Chromium preflights it; without a body it does not);
 * `mode: 'no-cors'` → `--mode no-cors`. `cache: 'no-store'` has no flag: the Cache-Control/Pragma
 * lines the browser adds for it are not the page's headers and never trigger a preflight.
 */
export function checkArgv(c: Case, origins: Origins): string[] {
  const r = c.request;
  const argv = ['check', firstUrl(origins, c), '--origin', origins.page, '--method', r.method];
  for (const [name, value] of r.headers ?? []) argv.push('--header', `${name}: ${value}`);
  if (r.body !== undefined) argv.push('--data', r.body);
  if (r.credentials === 'include') argv.push('--credentials');
  if (r.uploadListener && r.body !== undefined) argv.push('--force-preflight');
  if (r.mode === 'no-cors') argv.push('--mode', 'no-cors');
  argv.push('--json', '--no-redact');
  return argv;
}

export interface CheckCaseResult {
  id: string;
  chromium: Outcome;
  check: Outcome;
  agrees: boolean;
  /**
   * Same verdict and reason, but another of the request's several disallowed headers named: Chromium
   * walks them in its header hash map's order, which a probe cannot see (docs/differential.md).
   */
  otherDisallowedHeader: boolean;
  exit: number;
  stderr: string;
}

export interface CheckRun {
  results: CheckCaseResult[];
  agreeing: number;
  total: number;
}

/**
 * Runs `check` for every recorded case (whose definition is in `cases`) against fresh loopback
 * servers. Chromium's verdict comes from the recording, its origins mapped to this run's ports.
 */
export async function runChecks(
  cases: readonly Case[],
  recorded: readonly RecordedCase[],
  recordedOrigins: Origins,
  concurrency = 6,
): Promise<CheckRun> {
  const [A, B, C] = await Promise.all([startServer(), startServer(), startServer()]);
  const servers: Servers = { A, B, C };
  try {
    installRoutes(servers, cases);
    const origins = originsOf(servers);
    const byId = new Map(cases.map((c) => [c.id, c]));
    const results: CheckCaseResult[] = new Array(recorded.length);
    let next = 0;
    const worker = async () => {
      while (next < recorded.length) {
        const i = next++;
        const rc = recorded[i]!;
        const c = byId.get(rc.id);
        if (!c) throw new Error(`recorded case ${rc.id} is not in the case tables`);
        results[i] = await runOne(c, rc, origins, recordedOrigins);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const agreeing = results.filter((r) => r.agrees).length;
    return { results, agreeing, total: results.length };
  } finally {
    await Promise.all([A.close(), B.close(), C.close()]);
  }
}

async function runOne(
  c: Case,
  rc: RecordedCase,
  origins: Origins,
  recordedOrigins: Origins,
): Promise<CheckCaseResult> {
  let out = '';
  let err = '';
  const exit = await runCli(checkArgv(c, origins), {
    readFile: () => Promise.reject(new Error('no files')),
    readStdin: () => Promise.resolve(''),
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    version: 'test',
    createHttpClient,
  });
  const chromium = mapOrigins(chromiumOutcome(rc), recordedOrigins, origins);
  let check: Outcome = { verdict: `no report (exit ${exit})` };
  try {
    const report = JSON.parse(out) as Report;
    const row = report.exchanges[0];
    if (row) check = outcomeOf(row);
  } catch {
    check = { verdict: `unreadable output (exit ${exit})` };
  }
  const agrees = sameOutcome(chromium, check);
  const otherDisallowedHeader = !agrees && namesAnotherDisallowedHeader(c, chromium, check);
  return { id: c.id, chromium, check, agrees, otherDisallowedHeader, exit, stderr: err };
}

function namesAnotherDisallowedHeader(c: Case, chromium: Outcome, check: Outcome): boolean {
  const reason = 'HeaderDisallowedByPreflightResponse';
  if (chromium.reason !== reason || check.reason !== reason) return false;
  const set = new Set((c.request.headers ?? []).map(([name]) => name.toLowerCase()));
  return (
    set.size >= 2 && set.has(chromium.failedParameter ?? '') && set.has(check.failedParameter ?? '')
  );
}

/** The report row as a comparable outcome; a network error's name is the one in its summary. */
function outcomeOf(row: ReportExchange): Outcome {
  const out: Outcome = { verdict: row.verdict };
  if (row.verdict === 'blocked') {
    if (row.reason !== null) out.reason = row.reason;
    out.failedParameter = row.failedParameter ?? '';
  }
  if (row.verdict === 'network-error') {
    const name = /net::ERR_[A-Z_]+/.exec(row.summary);
    if (name) out.netError = name[0];
  }
  return out;
}

/**
 * Chromium's failed parameter may name the recorded run's ports: a server's own, or one next to it
 * (the page's port + 1), under any host name (`127.0.0.1` for `localhost`, upper case). Each becomes
 * this run's port of the same server, at the same offset.
 */
export function mapOrigins(outcome: Outcome, from: Origins, to: Origins): Outcome {
  if (outcome.failedParameter === undefined || outcome.failedParameter === '') return outcome;
  const ports = (['A', 'B', 'C'] as const).map(
    (k) => [Number(new URL(from[k]).port), Number(new URL(to[k]).port)] as const,
  );
  const mapped = outcome.failedParameter.replace(/:(\d{2,5})\b/g, (whole, port: string) => {
    const nearest = ports
      .map(([f, t]) => ({ offset: Number(port) - f, t }))
      .filter((p) => Math.abs(p.offset) <= 5)
      .sort((a, b) => Math.abs(a.offset) - Math.abs(b.offset))[0];
    return nearest ? `:${nearest.t + nearest.offset}` : whole;
  });
  return { ...outcome, failedParameter: mapped };
}

/** One line per disagreement; `strict: false` leaves out the header-order ones. */
export function disagreementTable(run: CheckRun, strict = true): string {
  const rows = run.results.filter((r) => !r.agrees && (strict || !r.otherDisallowedHeader));
  const show = (o: Outcome) =>
    [
      o.verdict,
      o.reason,
      o.failedParameter === undefined ? undefined : `"${o.failedParameter}"`,
      o.netError,
    ]
      .filter((x) => x !== undefined)
      .join(' ');
  return rows
    .map(
      (r) =>
        `${r.id} | Chromium: ${show(r.chromium)} | check: ${show(r.check)}${r.stderr ? ` | ${r.stderr.trim()}` : ''}`,
    )
    .join('\n');
}
