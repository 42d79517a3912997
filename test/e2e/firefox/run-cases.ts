// Runs the blocked-request cases in one Firefox tab and collects what each side saw.
import type { Exchange } from '../../../src/cors/types.ts';
import type { TestServer } from '../harness/server.ts';
import type { Bidi } from './bidi.ts';
import { exchangeFor, type FirefoxCase } from './cases.ts';
import type { ConsoleVerdicts } from './console-verdicts.ts';
import type { FirefoxSession } from './launch.ts';
import { captureHar, harHasAnswers, openNetworkMonitor, type Har } from './netmonitor.ts';
import { fetchIn, type FetchOutcome } from './page-fetch.ts';

export interface CaseRun {
  case: FirefoxCase;
  url: string;
  /** What the page's fetch() saw. */
  outcome: FetchOutcome;
  /** Firefox's verdict line, and every CORS line it printed for the URL. */
  verdict: string;
  lines: string[];
  /** The same exchange as the engine would read it. */
  exchange: Exchange;
}

/** API routes for the cases, keyed as startServer wants them. */
export function caseRoutes(cases: readonly FirefoxCase[]) {
  return Object.fromEntries(cases.map((c) => [`/${c.name}`, c.route]));
}

export async function runCases(
  bidi: Bidi,
  tab: string,
  site: string,
  api: TestServer,
  apiHost: string,
  cases: readonly FirefoxCase[],
  verdicts: ConsoleVerdicts,
): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  for (const c of cases) {
    const url = api.url(`/${c.name}`, apiHost);
    const outcome = await fetchIn(bidi, tab, url, c.init);
    const verdict = await verdicts.waitFor(url);
    runs.push({
      case: c,
      url,
      outcome,
      verdict,
      lines: [],
      exchange: exchangeFor(c, site, url, api.hits(`/${c.name}`)),
    });
  }
  // Firefox's follow-up line after a failed preflight may trail the verdict by a moment.
  await new Promise((r) => setTimeout(r, 250));
  for (const run of runs) run.lines = verdicts.linesFor(run.url).map((l) => l.text);
  return runs;
}

/**
 * The cases in the first tab with DevTools' network monitor open: Firefox's console verdicts, and
 * its HAR of the same requests. Leaves the first tab on about:blank.
 */
export async function runCasesWithHar(
  ff: FirefoxSession,
  site: TestServer,
  api: TestServer,
  apiHost: string,
  cases: readonly FirefoxCase[],
  verdicts: ConsoleVerdicts,
): Promise<{ runs: CaseRun[]; har: Har }> {
  await openNetworkMonitor(ff);
  await ff.bidi.navigate(ff.firstTab, site.url('/'));
  const runs = await runCases(ff.bidi, ff.firstTab, site.origin, api, apiHost, cases, verdicts);
  const answered = runs.flatMap((r) =>
    api.hits(`/${r.case.name}`).map((h) => ({ method: h.method, url: r.url })),
  );
  const har = await captureHar(ff, (h) => harHasAnswers(h, answered));
  await ff.bidi.navigate(ff.firstTab, 'about:blank');
  return { runs, har };
}
