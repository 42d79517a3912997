// The override matrix in real Chromium, shared by the override-rules*.e2e.ts files: the rules
// `compileRules` produces are loaded into a stub extension (only declarativeNetRequest; CORS Lens's
// own reconciler would remove them), and the cases of test/unit/overrides/matrix-world.ts run as
// real fetches against one loopback server that answers exactly as the model's servers do.
// Chromium's verdicts must equal the ones `simulate` + `diagnose` predict. The matrix is split over
// files (each its own browser) so that its configurations run side by side.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { diagnose } from '../../src/cors/index.ts';
import { compileRules, type CompileOptions } from '../../src/overrides/compile.ts';
import { diffRules } from '../../src/overrides/diff.ts';
import type { DnrRule } from '../../src/overrides/dnr-types.ts';
import {
  learnFromFailure,
  learnFromPreflight,
  learnFromRedirect,
} from '../../src/overrides/learn.ts';
import type { Override } from '../../src/overrides/types.ts';
import {
  allCases,
  answer,
  caseFromQuery,
  caseQuery,
  failedHopUrl,
  judge,
  record,
  REQUESTS,
  SHAPES,
  tally,
  type Case,
  type Result,
  type World,
} from '../unit/overrides/matrix-world.ts';
import { appendIframes } from './iframes.ts';
import { useForFile } from './harness/use-browser.ts';
import { launchPipeBrowser, type PipeBrowser, type PipeTarget } from './harness/pipe-browser.ts';

export type Verdict = 'allowed' | 'blocked';

/** A batch of the matrix's fetches takes seconds; this only bounds a hang. */
const VERDICTS_HANG_MS = 180_000;

// Node's HTTP parser answers 400 to a lower-case method (`patch`) before any handler runs, so no
// loopback Node server can let one pass; the unit matrix covers those cases through the model.
export const CASES = allCases().filter((c) => REQUESTS[c.request]!.method !== 'patch');

/** Requests a cross-origin redirect tainted: the only ones an override may break before learning. */
export const TAINTING = new Set([
  'cross-origin redirect',
  'two cross-origin hops',
  'redirect to the page origin',
]);

interface CaseRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
}

// Every document the server serves (the page, the frames) runs cases with this, and a frame runs
// the ones its parent posts to it. Six fetches at a time: the server answers each from its URL
// alone, and no-store keeps every preflight fresh (no preflight cache), so the cases are
// independent; one after the other, the run was mostly round-trip waits.
const RUNNER = `
const inFlight = new Set();
function pendingCases() {
  const mine = [...inFlight];
  const frames = [...document.querySelectorAll('iframe')].map((f) => f.src);
  return mine.length ? mine : frames.length ? ['(none here; frames: ' + frames.join(', ') + ')'] : [];
}
async function runCases(list) {
  const out = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const r = list[i];
      const label = r.method + ' ' + r.url;
      inFlight.add(label);
      try {
        await fetch(r.url, { method: r.method, headers: r.headers, credentials: r.credentials, cache: 'no-store' });
        out[i] = 'allowed';
      } catch {
        out[i] = 'blocked';
      }
      inFlight.delete(label);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return out;
}
addEventListener('message', async (e) => {
  if (e.source === parent && parent !== window) parent.postMessage(await runCases(e.data), '*');
});`;
const DOCUMENT =
  '<!doctype html><html><head><link rel="icon" href="data:,"></head><body>' +
  `<script>${RUNNER}</script></body></html>`;

export interface OverrideMatrix {
  world: World;
  /** The page's frames (`addFrames`): same host on another port, and a subdomain. */
  frameSources: [string, string];
  /** Replaces the stub's session rules; the read-back must compare equal (`diffRules`). */
  setRules(rules: DnrRule[]): Promise<void>;
  /** Chromium's verdict for each case, from the page, or from frame `frame` (`addFrames` first). */
  verdicts(cases: readonly Case[], frame?: number): Promise<Verdict[]>;
  /** Adds both frames to the page; resolves once they have loaded. */
  addFrames(): Promise<void>;
  /** Runs the matrix without rules, checks it against the model and returns it (the baseline). */
  baseline(): Promise<Verdict[]>;
  /**
   * Loads one configuration's rules, runs every case, checks each verdict against the model and
   * adds a line to the report (fixed / broken against `baseline`).
   */
  checkConfig(
    name: string,
    overrides: Override[],
    opts: CompileOptions,
    baseline: Verdict[],
    frames?: string[],
  ): Promise<Result[]>;
  report: string[];
  close(): Promise<void>;
}

/** What the model predicts for one case under these overrides (the rules through simulate). */
export function predicted(
  c: Case,
  overrides: Override[] | undefined,
  opts: CompileOptions,
  world: World,
): string {
  const relax = overrides && {
    overrides,
    supportsResponseHeaderConditions: opts.supportsResponseHeaderConditions ?? true,
  };
  return diagnose(record(c, relax, world).exchange).verdict;
}

/** One override that has learned from every case (as the background would, over a session). */
export function learnedFromAll(base: Override, cases: readonly Case[], world: World): Override {
  let o = base;
  for (const c of cases) {
    const seen = record(c, { overrides: [o], supportsResponseHeaderConditions: true }, world);
    for (const pre of seen.preflights) o = learnFromPreflight(o, pre).override;
    for (const [from, to] of seen.redirects) o = learnFromRedirect(o, from, to).override;
    const failedAt = failedHopUrl(seen.exchange);
    if (failedAt !== undefined) o = learnFromFailure(o, failedAt).override;
  }
  return o;
}

export const describeCase = (c: Case) =>
  `${c.profile} | ${c.request} | ${c.shape} | ${c.credentials}`;

/** The model's verdicts that differ from Chromium's, one line each. */
function mismatches(
  cases: readonly Case[],
  real: readonly Verdict[],
  want: (c: Case) => string,
): string[] {
  return cases.flatMap((c, i) => {
    const model = want(c);
    return model === real[i] ? [] : [`${describeCase(c)}: model ${model}, Chromium ${real[i]}`];
  });
}

async function stubExtension(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-dnr-stub-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'DNR stub',
      version: '1',
      permissions: ['declarativeNetRequest', 'tabs'],
      host_permissions: ['<all_urls>'],
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(join(dir, 'sw.js'), 'self.ready = true;\n');
  return dir;
}

/**
 * The server of every case (any host name of it), and the documents: a plain `node:http` handler
 * with no recording, as it answers tens of thousands of requests.
 */
async function listen(
  answerCase: http.RequestListener,
): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer(answerCase);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as AddressInfo).port, server };
}

export async function startOverrideMatrix(): Promise<OverrideMatrix> {
  const stubDir = await stubExtension();
  let world: World;
  const api = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' && req.method === 'GET') {
      // The page (and a frame), on their host names of this server: redirects back to the page's
      // origin are answered by the same handler.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(DOCUMENT);
      return;
    }
    const c = caseFromQuery(url.searchParams);
    const hop = Number(url.pathname.slice(1));
    if (!c || !Number.isInteger(hop)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const preflight = req.method === 'OPTIONS';
    const acrm = header('access-control-request-method');
    const acrh = header('access-control-request-headers');
    const out = answer(
      c,
      hop,
      {
        origin: header('origin') ?? '',
        preflight,
        ...(acrm !== undefined ? { acrm } : {}),
        ...(acrh !== undefined ? { acrh } : {}),
      },
      world,
    );
    // Raw lines keep order and repeats (duplicate ACAO lines are part of the matrix).
    res.writeHead(
      out.status,
      out.headers.flatMap((h) => [h.name, h.value]),
    );
    res.end(preflight ? '' : 'ok');
  });
  /** Serves a frame on the page's host, another port. */
  const frame = await listen((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(DOCUMENT);
  });
  const origin = (host: string, port = api.port) => `http://${host}:${port}`;
  let browser: PipeBrowser | undefined;
  const close = async () => {
    await browser?.close();
    api.server.closeAllConnections();
    frame.server.closeAllConnections();
    await Promise.all([api.server, frame.server].map((s) => new Promise((r) => s.close(r))));
    rmSync(stubDir, { recursive: true, force: true });
  };
  try {
    const pageUrl = `${origin('app.localhost')}/`;
    const start = async () => {
      browser = await launchPipeBrowser(stubDir);
      const sw = await browser.serviceWorker();
      const page: PipeTarget = await browser.openPage(pageUrl);
      const tabId = await sw.evaluate(
        async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1,
        pageUrl,
      );
      return { sw, page, tabId };
    };
    // A start-up command went unanswered once under load (pipe-browser.ts bounds it): that is the
    // browser's start, not a verdict, so one fresh browser is tried before the file fails.
    const { sw, page, tabId } = await start().catch(async (error: unknown) => {
      console.warn(`override matrix: Chromium did not start (${String(error)}); starting another`);
      await browser?.close();
      return start();
    });
    world = {
      page: origin('app.localhost'),
      api: origin('localhost'),
      api2: origin('127.0.0.1'),
      api3: origin('api.localhost'),
      tabId,
    };
    const frameSources: [string, string] = [
      `${origin('app.localhost', frame.port)}/`,
      `${origin('evil.app.localhost')}/`,
    ];
    const report: string[] = [];

    const setRules = async (rules: DnrRule[]) => {
      const readBack = await sw.evaluate(async (addRules) => {
        const current = await chrome.declarativeNetRequest.getSessionRules();
        try {
          await chrome.declarativeNetRequest.updateSessionRules({
            removeRuleIds: current.map((r) => r.id),
            addRules: addRules as chrome.declarativeNetRequest.Rule[],
          });
          return await chrome.declarativeNetRequest.getSessionRules();
        } catch (e) {
          return String(e);
        }
      }, rules);
      expect(typeof readBack === 'string' ? readBack : '').toBe('');
      // What Chromium hands back compares equal: a reconcile with nothing to change is a no-op.
      expect(diffRules(readBack as DnrRule[], rules)).toBeNull();
    };

    const verdicts = (cases: readonly Case[], frameIndex?: number): Promise<Verdict[]> => {
      const list: CaseRequest[] = cases.map((c) => ({
        url: SHAPES[c.shape]!(world)[0]! + caseQuery(c),
        method: REQUESTS[c.request]!.method,
        headers: Object.fromEntries(REQUESTS[c.request]!.headers.map((h) => [h.name, h.value])),
        credentials: c.credentials,
      }));
      const run = () =>
        page.evaluate(
          ({ list, frameIndex }) => {
            const w = window as unknown as { runCases(l: unknown): Promise<Verdict[]> };
            if (frameIndex === null) return w.runCases(list);
            const target = document.querySelectorAll('iframe')[frameIndex]!.contentWindow!;
            return new Promise<Verdict[]>((resolve) => {
              const onReply = (e: MessageEvent) => {
                if (e.source !== target) return;
                removeEventListener('message', onReply);
                resolve(e.data as Verdict[]);
              };
              addEventListener('message', onReply);
              target.postMessage(list, '*');
            });
          },
          { list, frameIndex: frameIndex ?? null },
          VERDICTS_HANG_MS,
        );
      // Once in CI a batch never answered (the browser idle, the file waiting): say which
      // requests were still in flight and run the batch once more; a second hang fails the file.
      return run().catch(async (error: unknown) => {
        const pending = await page
          .evaluate(
            () => (window as unknown as { pendingCases(): string[] }).pendingCases(),
            null,
            10_000,
          )
          .catch((e: unknown) => [`(the page did not answer either: ${String(e)})`]);
        console.warn(
          `override matrix: a batch of ${list.length} requests hung (${String(error)}); in flight: ${pending.join('; ') || 'none'}. Running it again.`,
        );
        return run();
      });
    };

    return {
      world,
      frameSources,
      report,
      setRules,
      verdicts,
      close,
      addFrames: () => page.evaluate(appendIframes, frameSources),
      async baseline() {
        await setRules([]);
        const real = await verdicts(CASES);
        const wrong = mismatches(CASES, real, (c) => predicted(c, undefined, {}, world));
        expect(wrong, 'without rules: engine and Chromium disagree').toEqual([]);
        return real;
      },
      async checkConfig(name, overrides, opts, baseline, frames) {
        const inWorld: World = frames ? { ...world, frames } : world;
        const tab = { tabId: world.tabId, origin: world.page, ...(frames ? { frames } : {}) };
        const compiled = compileRules(overrides, [tab], 0, opts);
        expect(compiled.errors).toEqual([]);
        await setRules(compiled.rules);
        const real = await verdicts(CASES);
        const wrong = mismatches(CASES, real, (c) => predicted(c, overrides, opts, inWorld));
        expect(wrong, `${name}: model and Chromium disagree`).toEqual([]);
        const results = CASES.map((c, i) =>
          judge(c, { verdict: baseline[i]! }, { verdict: real[i]! }, world),
        );
        const t = tally(results);
        report.push(
          `${name.padEnd(40)} blocked ${t.blocked}: fixed ${t.fixed}/${t.blocked - t.unfixable} fixable; ` +
            `broken ${t.broken} of ${t.ok + t.broken} that passed`,
        );
        return results;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The matrix for this test file: started before its first test, stopped after its last. */
export const useOverrideMatrix = (): OverrideMatrix =>
  useForFile('useOverrideMatrix()', startOverrideMatrix, (m) => m.close()).value;
