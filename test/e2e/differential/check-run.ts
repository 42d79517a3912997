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
  /**
   * Per case whose wire differs: the requests Chromium put on the wire (HAR entries with their full
   * headers) against those the servers received from `check`, as `METHOD path | Origin | ACRM |
   * ACRH | Sec-Fetch-Mode | Sec-Fetch-Site` lines.
   */
  wireDifferences: Array<{ id: string; chromium: string[]; check: string[] }>;
}

/** The request headers CORS reads, in the order of the `wireLine`. */
const WIRE_HEADERS = [
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'sec-fetch-mode',
  'sec-fetch-site',
];

function wireLine(
  method: string,
  path: string,
  headers: ReadonlyArray<{ name: string; value: string }>,
): string {
  const value = (n: string) => headers.find((h) => h.name.toLowerCase() === n)?.value ?? '-';
  return [`${method} ${path}`, ...WIRE_HEADERS.map(value)].join(' | ');
}

interface HarLike {
  request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
}

/**
 * What Chromium sent for each case: requests with their full request headers (a `Host` line), which
 * are the ones that went on the wire; a request Chromium never sent has provisional headers only in
 * a HAR, and no entry in a CDP wire log. Origins mapped to this run's.
 */
function chromiumWire(
  entries: readonly unknown[],
  from: Origins,
  to: Origins,
): Map<string, string[]> {
  const byCase = new Map<string, string[]>();
  for (const raw of entries) {
    const e = raw as HarLike;
    const url = new URL(e.request.url);
    const id = /^\/d\/([a-z0-9-]+)\/\d+$/.exec(url.pathname)?.[1];
    if (!id || !e.request.headers.some((h) => h.name.toLowerCase() === 'host')) continue;
    // Node's HTTP parser answers a lower-case method (`patch`) with a bare 400 before the test
    // server sees the request, so it cannot be recorded there; the verdict comparison covers it.
    if (/[a-z]/.test(e.request.method)) continue;
    const headers = e.request.headers.map((h) =>
      h.name.toLowerCase() === 'origin' ? { ...h, value: mapPorts(h.value, from, to) } : h,
    );
    const list = byCase.get(id) ?? [];
    list.push(wireLine(e.request.method, url.pathname, headers));
    byCase.set(id, list);
  }
  return byCase;
}

/**
 * Runs `check` for every recorded case (whose definition is in `cases`) against fresh loopback
 * servers. Chromium's verdict comes from the recording, its origins mapped to this run's ports;
 * what it sent from `sent`: HAR entries, or CDP wire requests wrapped as `{ request }`.
 */
export async function runChecks(
  cases: readonly Case[],
  recorded: readonly RecordedCase[],
  recordedOrigins: Origins,
  sent: readonly unknown[],
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
    const expected = chromiumWire(sent, recordedOrigins, origins);
    const received = new Map<string, string[]>();
    for (const server of [A, B, C])
      for (const r of server.requests) {
        const id = /^\/d\/([a-z0-9-]+)\/\d+$/.exec(r.path)?.[1];
        if (!id) continue;
        const list = received.get(id) ?? [];
        list.push(wireLine(r.method, r.path, r.headers));
        received.set(id, list);
      }
    const wireDifferences = recorded.flatMap((rc) => {
      const chromium = [...(expected.get(rc.id) ?? [])].sort();
      const check = [...(received.get(rc.id) ?? [])].sort();
      return chromium.join('\n') === check.join('\n') ? [] : [{ id: rc.id, chromium, check }];
    });
    return { results, agreeing, total: results.length, wireDifferences };
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
  return { ...outcome, failedParameter: mapPorts(outcome.failedParameter, from, to) };
}

function mapPorts(text: string, from: Origins, to: Origins): string {
  const ports = (['A', 'B', 'C'] as const).map(
    (k) => [Number(new URL(from[k]).port), Number(new URL(to[k]).port)] as const,
  );
  return text.replace(/:(\d{2,5})\b/g, (whole, port: string) => {
    const nearest = ports
      .map(([f, t]) => ({ offset: Number(port) - f, t }))
      .filter((p) => Math.abs(p.offset) <= 5)
      .sort((a, b) => Math.abs(a.offset) - Math.abs(b.offset))[0];
    return nearest ? `:${nearest.t + nearest.offset}` : whole;
  });
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

/** The cases whose wire differs, Chromium's requests above check's. */
export function wireTable(run: CheckRun): string {
  const indent = '\n            ';
  return run.wireDifferences
    .map(
      (d) => `${d.id}\n  Chromium: ${d.chromium.join(indent)}\n  check:    ${d.check.join(indent)}`,
    )
    .join('\n');
}
