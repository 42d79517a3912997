/**
 * `cors-lens check`: asks a live server what Chromium would ask for a fetch() from an origin, and
 * reports the verdict as `explain` does. One check from flags, or `--config FILE` with expected
 * verdicts for CI. The HTTP client comes from the caller (bin/http-client.mjs), so this stays pure.
 */
import { specProblems, type HttpClient, type ProbeSpec } from '../probe/index.ts';
import { buildReport, redact, redactText } from '../report/index.ts';
import type { AnalyzedExchange, Engine } from './analyze.ts';
import { useColor } from './args.ts';
import { parseCheckArgs, type CheckArgs } from './check-args.ts';
import { parseCheckConfig, type ConfiguredCheck } from './check-config.ts';
import { CHECK_HELP } from './check-help.ts';
import { checkOne, type CheckOutcome } from './check-probe.ts';
import { checkTable, reportText, sentLines, type TableRow } from './check-render.ts';
import { paint as makePaint, safe } from './paint.ts';
import type { CliIO } from './run.ts';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_UNUSABLE = 2;

/** `argv` after the word `check`. Returns the exit code; never throws. */
export async function runCheck(
  argv: readonly string[],
  io: CliIO,
  engine: Engine,
): Promise<number> {
  const args = parseCheckArgs(argv);
  if (args.kind === 'help') {
    io.stdout(CHECK_HELP);
    return EXIT_OK;
  }
  if (args.kind === 'usage-error') {
    io.stderr(`cors-lens: ${args.message}\nRun "cors-lens check --help" for usage.\n`);
    return EXIT_UNUSABLE;
  }
  if (!io.createHttpClient) {
    io.stderr('cors-lens: check needs an HTTP client, and this build has none.\n');
    return EXIT_UNUSABLE;
  }
  const client = io.createHttpClient({ timeoutMs: args.timeoutMs });
  return args.config !== undefined
    ? checkConfig(args, args.config, io, client, engine)
    : checkSingle(args, args.spec!, io, client, engine);
}

async function checkSingle(
  args: CheckArgs,
  spec: ProbeSpec,
  io: CliIO,
  client: HttpClient,
  engine: Engine,
): Promise<number> {
  const problems = specProblems(spec);
  if (problems.length > 0) {
    io.stderr(problems.map((m) => `cors-lens: ${m}\n`).join(''));
    return EXIT_UNUSABLE;
  }
  const outcome = await checkOne(spec, client, engine, args.stack, '0');
  const p = makePaint(useColor(args.color, io.stdoutIsTTY, io.env));
  const items = outcome.item ? [outcome.item] : [];
  const nothingSent = !outcome.item && !outcome.internalError;
  if (args.json) {
    const report = jsonReport(items, outcome.internalError ? [outcome.internalError] : []);
    if (nothingSent) report.notes = [NO_PREFLIGHT];
    io.stdout(`${JSON.stringify(redact(report, { enabled: args.redact }), null, 2)}\n`);
  } else {
    const url = args.redact ? redactText(spec.url) : spec.url;
    const head = `${p.bold('cors-lens check')} ${safe(spec.method)} ${safe(url)} from ${safe(spec.origin)}, credentials: ${spec.credentials}`;
    const lines = [head, ...sentLines(outcome.probe, { paint: p, redact: args.redact }), ''];
    io.stdout(`${lines.join('\n')}\n`);
    if (nothingSent) io.stdout(`${NO_PREFLIGHT}\n`);
    else if (outcome.item)
      io.stdout(reportText([redactItem(outcome.item, args.redact)], 'check', p));
  }
  if (outcome.internalError) io.stderr(`cors-lens: ${outcome.internalError}\n`);
  const failure = outcome.probe.transportFailure;
  if (failure) {
    io.stderr(`cors-lens: ${transportMessage(failure)}\n`);
    return EXIT_UNUSABLE;
  }
  if (outcome.internalError) return EXIT_UNUSABLE;
  if (args.failOnBlocked && outcome.item?.diagnosis.verdict === 'blocked') return EXIT_FAILED;
  return EXIT_OK;
}

const NO_PREFLIGHT =
  'No preflight needed: Chromium sends this request directly, so --preflight-only sent nothing.';

function transportMessage(f: NonNullable<CheckOutcome['probe']['transportFailure']>): string {
  const what = f.kind === 'preflight' ? 'the preflight to' : '';
  return `no answer from ${what ? `${what} ` : ''}${safe(f.url)}: ${safe(f.message)} (${safe(f.netError)}). That is a network problem, not a CORS verdict.`;
}

async function checkConfig(
  args: CheckArgs,
  file: string,
  io: CliIO,
  client: HttpClient,
  engine: Engine,
): Promise<number> {
  if (file === '-' && io.stdinIsTTY) {
    io.stderr(
      'cors-lens: "--config -" reads the checks from standard input, but it is a terminal. Pipe a file in: cors-lens check --config - < checks.json\n',
    );
    return EXIT_UNUSABLE;
  }
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    io.stderr(
      `cors-lens: cannot read ${file}: ${code === 'ENOENT' ? 'no such file.' : e instanceof Error ? e.message : String(e)}\n`,
    );
    return EXIT_UNUSABLE;
  }
  const parsed = parseCheckConfig(text);
  const problems = [...parsed.problems];
  parsed.checks.forEach((c, i) => {
    for (const m of specProblems(c.spec)) problems.push(`${c.name} (check ${i + 1}): ${m}`);
  });
  if (problems.length > 0) {
    io.stderr(
      `cors-lens: ${file} is not a usable check list:\n${problems.map((m) => `  ${safe(m)}\n`).join('')}`,
    );
    return EXIT_UNUSABLE;
  }

  // One check at a time: checks may depend on server state, and the output follows the file.
  const outcomes: CheckOutcome[] = [];
  for (const [i, check] of parsed.checks.entries())
    outcomes.push(await checkOne(check.spec, client, engine, args.stack, String(i)));
  const rows = parsed.checks.map((c, i) => tableRow(c, outcomes[i]!, args.redact));
  const failures = outcomes.filter((o) => o.probe.transportFailure);
  const errors = outcomes.flatMap((o) => (o.internalError ? [o.internalError] : []));
  const mismatched = rows.filter((r) => !r.ok).length;

  if (args.json) {
    const items = outcomes.flatMap((o) => (o.item ? [o.item] : []));
    const report = jsonReport(items, errors);
    report.checks = rows.map((r) => ({
      name: r.name,
      expected: r.expect ?? null,
      verdict: r.verdict,
      reason: r.reason ?? null,
      ok: r.ok,
    }));
    io.stdout(`${JSON.stringify(redact(report, { enabled: args.redact }), null, 2)}\n`);
  } else {
    const p = makePaint(useColor(args.color, io.stdoutIsTTY, io.env));
    const head = `${p.bold('cors-lens check')} ${safe(file)}: ${rows.length} check${rows.length === 1 ? '' : 's'}, ${rows.length - mismatched} as expected${mismatched > 0 ? `, ${p.red(p.bold(`${mismatched} not`))}` : ''}`;
    io.stdout(`${[head, '', ...checkTable(rows, p), ''].join('\n')}\n`);
    const unexpected = outcomes.flatMap((o, i) => (!rows[i]!.ok && o.item ? [o.item] : []));
    if (unexpected.length > 0) {
      io.stdout(`${p.bold('Not as expected:')}\n\n`);
      io.stdout(
        reportText(
          unexpected.map((it) => redactItem(it, args.redact)),
          file,
          p,
        ),
      );
    }
  }
  for (const f of failures)
    io.stderr(`cors-lens: ${transportMessage(f.probe.transportFailure!)}\n`);
  for (const e of errors) io.stderr(`cors-lens: ${e}\n`);
  if (failures.length > 0 || errors.length > 0) return EXIT_UNUSABLE;
  if (mismatched > 0) return EXIT_FAILED;
  if (args.failOnBlocked && rows.some((r) => r.verdict === 'blocked')) return EXIT_FAILED;
  return EXIT_OK;
}

function tableRow(check: ConfiguredCheck, outcome: CheckOutcome, redacted: boolean): TableRow {
  const d = outcome.item?.diagnosis;
  const verdict = d?.verdict ?? (outcome.internalError ? 'error' : 'nothing sent');
  const name = redacted ? redactText(check.name) : check.name;
  const row: TableRow = { name, verdict, ok: true };
  if (d?.reason) row.reason = d.reason;
  if (check.expect) {
    row.expect = check.expect;
    row.ok =
      verdict === check.expect.verdict &&
      (check.expect.reason === undefined || check.expect.reason === d?.reason);
  }
  if (outcome.probe.transportFailure || outcome.internalError) row.ok = false;
  return row;
}

type CheckReport = ReturnType<typeof buildReport> & {
  checks?: unknown[];
  notes?: string[];
};

/** The `explain --json` shape, one exchange per check. */
function jsonReport(items: readonly AnalyzedExchange[], internalErrors: string[]): CheckReport {
  return buildReport(
    items.map((i) => i.exchange),
    items.map((i) => i.diagnosis),
    items.map((i) => i.fixes),
    internalErrors.map((message) => ({ path: '', message })),
  );
}

function redactItem(item: AnalyzedExchange, enabled: boolean): AnalyzedExchange {
  return item.diagnosis.verdict === 'blocked' ? redact(item, { enabled }) : item;
}
