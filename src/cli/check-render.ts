/** Text for `cors-lens check`: what was sent, then the same report as `explain`; the config table. */
import { SKIP_REASONS, type SkipReason } from '../har/index.ts';
import type { ProbeResult } from '../probe/index.ts';
import { redactText } from '../report/index.ts';
import type { AnalyzedExchange } from './analyze.ts';
import type { Expectation } from './check-config.ts';
import { safe, type Paint } from './paint.ts';
import { renderText } from './render-text.ts';

const NO_SKIPS = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;

/** Methods that may change data on the server: the report says the request really went out. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RenderOptions {
  paint: Paint;
  redact: boolean;
}

/** The wire: each request sent and its status (or why nothing came back). */
export function sentLines(probe: ProbeResult, opts: RenderOptions): string[] {
  const p = opts.paint;
  const url = (u: string) => safe(opts.redact ? redactText(u) : u);
  const out: string[] = [];
  for (const { request, answer } of probe.sent) {
    const got = !answer
      ? p.yellow('no answer')
      : 'response' in answer
        ? statusText(answer.response.status, answer.response.statusText)
        : p.yellow(`${safe(answer.failure.netError)}: ${safe(answer.failure.message)}`);
    out.push(
      `  ${p.dim('sent')}  ${safe(request.method)} ${url(request.url)}  ${p.dim('→')} ${got}`,
    );
  }
  const reached = probe.sent.filter(
    (s) => s.kind === 'actual' && !SAFE_METHODS.has(s.request.method.toUpperCase()),
  );
  const methods = [...new Set(reached.map((s) => s.request.method))];
  if (methods.length > 0 && !probe.transportFailure)
    out.push(
      p.yellow(
        `  The ${methods.join(' and ')} request reached the server, as it would from the browser (not a dry run; --preflight-only stops before it).`,
      ),
    );
  if (probe.stoppedBeforeActual)
    out.push(
      p.dim('  Stopped after the preflight (--preflight-only): the actual request was not sent.'),
    );
  if (probe.droppedHeaders.length > 0)
    out.push(
      p.dim(
        `  Not sent: ${probe.droppedHeaders.map(safe).join(', ')} (the browser owns these headers; fetch() drops them).`,
      ),
    );
  if (probe.cookieWithheld)
    out.push(
      p.dim(
        '  Cookie not sent: without --credentials the browser sends no cookies to another origin.',
      ),
    );
  return out;
}

function statusText(status: number, text: string | undefined): string {
  return text ? `${status} ${safe(text)}` : String(status);
}

export function reportText(
  items: readonly AnalyzedExchange[],
  source: string,
  paint: Paint,
): string {
  return renderText({ items, skipped: NO_SKIPS, errors: [] }, { paint, all: true, source });
}

export interface TableRow {
  name: string;
  expect?: Expectation;
  verdict: string;
  reason?: string;
  ok: boolean;
}

/** One line per check: OK/FAIL, the verdict (and reason), what was expected when it differs. */
export function checkTable(rows: readonly TableRow[], p: Paint): string[] {
  const results = rows.map((r) => (r.reason ? `${r.verdict} ${r.reason}` : r.verdict));
  const width = Math.min(Math.max(...results.map((r) => r.length), 7), 48);
  return rows.map((row, i) => {
    const mark = row.ok ? p.green('ok  ') : p.red(p.bold('FAIL'));
    const expected =
      !row.ok && row.expect
        ? p.red(
            ` (expected ${row.expect.verdict}${row.expect.reason ? ` ${row.expect.reason}` : ''})`,
          )
        : '';
    return `  ${mark}  ${safe(results[i]!).padEnd(width)}  ${safe(row.name)}${expected}`;
  });
}
