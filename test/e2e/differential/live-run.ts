// One live run of the matrix: one headless Chromium with DevTools open on the tab (so the extension's
// devtools page receives the traffic), three loopback servers, every case requested from one page.
import {
  corsVerdicts,
  launchBrowser,
  startServer,
  type DevtoolsPage,
  type HarEntry,
  type LaunchOptions,
  type TestBrowser,
  type WireRequest,
} from '../harness/index.ts';
import type { Case } from './case-types.ts';
import { runBatch, type PageRequest } from './page-batch.ts';
import {
  RECORDING_FORMAT,
  chromiumVerdictOf,
  recordedCase,
  slimEntry,
  type RecordedCase,
  type Recording,
} from './recording.ts';
import { HOSTS, firstUrl, installRoutes, originsOf, type Servers } from './routes.ts';

const PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>differential</title>' +
  '<link rel="icon" href="data:,"></head><body></body></html>';

/** How long to wait for the last HAR entries after Chromium has settled every request. */
const ENTRIES_TIMEOUT_MS = 45_000;
const ENTRIES_QUIET_MS = 400;

async function startServers(): Promise<Servers> {
  const [A, B, C] = await Promise.all([startServer(), startServer(), startServer()]);
  // A session cookie on localhost: credentialed requests to localhost:B carry it, as in real apps.
  A.route('GET /', {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Set-Cookie': 'session=differential; Path=/',
    },
    body: PAGE_HTML,
  });
  return { A, B, C };
}

function pageRequests(cases: readonly Case[], servers: Servers): PageRequest[] {
  const origins = originsOf(servers);
  return cases.map((c) => ({ ...c.request, key: c.id, url: firstUrl(origins, c) }));
}

/** Waits until every case's last hop has an entry, then until no entry arrived for a moment. */
async function settledEntries(
  dev: DevtoolsPage,
  finalUrls: readonly string[],
  preflightUrls: readonly string[],
): Promise<HarEntry[]> {
  const wanted = new Set(finalUrls);
  const wantedPreflights = new Set(preflightUrls);
  const deadline = Date.now() + ENTRIES_TIMEOUT_MS;
  let entries = await dev.entries();
  while (Date.now() < deadline) {
    const seen = new Set(
      entries.filter((e) => e._resourceType !== 'preflight').map((e) => e.request.url),
    );
    // Every preflight CDP saw must have its entry, with the headers that went on the wire (a
    // `Host` line): under load DevTools adds redirected preflights' entries, and their headers,
    // well after the requests themselves.
    const preflightsSeen = new Set(
      entries
        .filter(
          (e) =>
            e._resourceType === 'preflight' &&
            e.request.headers.some((h) => h.name.toLowerCase() === 'host'),
        )
        .map((e) => e.request.url),
    );
    if (
      [...wanted].every((url) => seen.has(url)) &&
      [...wantedPreflights].every((url) => preflightsSeen.has(url))
    ) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    entries = await dev.entries();
  }
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, ENTRIES_QUIET_MS));
    const again = await dev.entries();
    if (again.length === entries.length) return again;
    entries = again;
  }
}

export interface LiveRunOptions {
  /** Reuse a browser launched with `{ devtools: true }` (the caller closes it). */
  browser?: TestBrowser;
  launch?: LaunchOptions;
}

/** A live run: the recording, and what CDP saw go on the wire (not stored with recordings). */
export interface LiveRecording extends Recording {
  wire: WireRequest[];
}

export async function runLive(
  cases: readonly Case[],
  options: LiveRunOptions = {},
): Promise<LiveRecording> {
  const browser = options.browser ?? (await launchBrowser({ ...options.launch, devtools: true }));
  const servers = await startServers();
  try {
    installRoutes(servers, cases);
    const origins = originsOf(servers);
    const page = await browser.newPage();
    const dev = browser.devtools(page);
    await page.goto(servers.A.url('/', HOSTS.A));
    const userAgent = (await page.evaluate('navigator.userAgent')) as string;
    await dev.clear();
    const cors = await corsVerdicts(page);

    const requests = pageRequests(cases, servers);
    const outcomes = await runBatch(page, requests);
    const verdicts = await Promise.all(
      requests.map((r) => cors.waitFor(r.url, { timeoutMs: 15_000 })),
    );
    const entries = await settledEntries(
      dev,
      verdicts.map((v) => v.finalUrl),
      verdicts.flatMap((v) => (v.preflight ? [v.preflight.url] : [])),
    );
    const wire = cors.wire();
    await cors.dispose();

    const recorded: RecordedCase[] = cases.map((c, i) =>
      recordedCase(
        c,
        requests[i]!.url,
        outcomes[c.id] ?? { status: -1, error: 'no outcome' },
        chromiumVerdictOf(verdicts[i]!),
      ),
    );
    return {
      format: RECORDING_FORMAT,
      recordedAt: new Date().toISOString(),
      userAgent,
      origins,
      cases: recorded,
      entries: entries.map(slimEntry),
      wire,
    };
  } finally {
    await Promise.all([servers.A.close(), servers.B.close(), servers.C.close()]);
    if (!options.browser) await browser.close();
  }
}
