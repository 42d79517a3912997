// Chromium's own verdict on each request of a page, read over CDP: the reference the engine's
// diagnoses are compared with. `Network.loadingFailed` carries `corsErrorStatus` for a CORS block;
// the console message for it arrives on `page.on('console')`.
import type { CDPSession, ConsoleMessage, Page } from 'playwright-core';
import { HANG_MS } from './devtools.ts';
import { wireLog, type WireRequest } from './wire-log.ts';

export interface PreflightVerdict {
  requestId: string;
  url: string;
  status?: number;
  headers?: Record<string, string>;
  errorText?: string;
}

export interface CorsVerdict {
  /** CDP requestId; redirects keep it. */
  requestId: string;
  /** The first URL of the request (before redirects): the key tests look it up by. */
  url: string;
  /** The URL of the last hop. */
  finalUrl: string;
  method: string;
  /** CDP resource type: `Fetch`, `XHR`, `Document`… */
  type: string;
  /** Each redirect hop: the URL that answered and its 3xx status. */
  redirects: Array<{ url: string; status: number }>;
  /** Status of the last response that reached the browser, blocked or not (absent when none did). */
  status?: number;
  /** Headers as sent on the last hop, cookies included (`requestWillBeSentExtraInfo`). */
  requestHeaders?: Record<string, string>;
  /**
   * Headers of the last response as received, before any CORS filtering (`responseReceivedExtraInfo`;
   * repeated header lines are joined with a newline).
   */
  responseHeaders?: Record<string, string>;
  /** The preflight Chromium sent for the last hop, if any. */
  preflight?: PreflightVerdict;
  state: 'pending' | 'finished' | 'failed';
  /** `Network.loadingFailed.errorText`, e.g. `net::ERR_FAILED`. */
  errorText?: string;
  /** `corsErrorStatus.corsError`, e.g. `MissingAllowOriginHeader`; absent when CORS let it through. */
  corsError?: string;
  /** `corsErrorStatus.failedParameter`, e.g. the disallowed header name or the bad origin value. */
  failedParameter?: string;
  /**
   * Console messages that mention this URL (Chromium prints one per CORS block). `waitFor` waits up
   * to a second for it after a CORS failure; the array stays live and may still grow.
   */
  console: string[];
}

export interface CorsVerdicts {
  /** Every request seen so far (preflights are attached to their request, not listed). */
  all(): CorsVerdict[];
  /**
   * The latest request first sent to `url` (and with `method`, if given, as sent on the last hop),
   * once it finished or failed. Rejects after `timeoutMs` (default `HANG_MS`, 30 s: a bound for hangs) with what was seen.
   */
  waitFor(url: string, options?: { method?: string; timeoutMs?: number }): Promise<CorsVerdict>;
  /** Every hop Chromium sent, preflights included, with the headers that went on the wire. */
  wire(): WireRequest[];
  /** Every console message of the page, in order, as `type: text`. */
  console: string[];
  /** Forget what was collected so far. */
  clear(): void;
  dispose(): Promise<void>;
}

interface RequestWillBeSent {
  requestId: string;
  type?: string;
  request: { url: string; method: string };
  initiator: { type: string; requestId?: string };
  redirectResponse?: { status: number };
}

interface ResponseReceived {
  requestId: string;
  type: string;
  response: { url: string; status: number; headers: Record<string, string> };
}

interface ExtraInfo {
  requestId: string;
  headers: Record<string, string>;
  statusCode?: number;
}

interface LoadingFailed {
  requestId: string;
  type?: string;
  errorText: string;
  corsErrorStatus?: { corsError: string; failedParameter: string };
}

const CONSOLE_GRACE_MS = 1000;

/** Start collecting Chromium's verdicts for `page` (enables the Network domain on a CDP session). */
export async function corsVerdicts(page: Page): Promise<CorsVerdicts> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const byId = new Map<string, CorsVerdict>();
  const preflights = new Map<string, PreflightVerdict & { forRequest: string }>();
  let order: CorsVerdict[] = [];
  const consoleLines: string[] = [];
  const wire = wireLog(cdp);
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of [...changed]) listener();
  };

  cdp.on('Network.requestWillBeSent', (event: RequestWillBeSent) => {
    if (event.initiator.type === 'preflight' && event.initiator.requestId) {
      preflights.set(event.requestId, {
        requestId: event.requestId,
        url: event.request.url,
        forRequest: event.initiator.requestId,
      });
      const preflight = preflights.get(event.requestId)!;
      const owner = byId.get(event.initiator.requestId);
      if (owner) owner.preflight = preflight;
      applyEarly(event.requestId, preflight);
      return;
    }
    const known = byId.get(event.requestId);
    if (known && event.redirectResponse) {
      known.redirects.push({ url: known.finalUrl, status: event.redirectResponse.status });
      known.finalUrl = event.request.url;
      known.method = event.request.method;
      known.preflight = undefined;
      return;
    }
    const verdict: CorsVerdict = {
      requestId: event.requestId,
      url: event.request.url,
      finalUrl: event.request.url,
      method: event.request.method,
      type: event.type ?? 'Other',
      redirects: [],
      state: 'pending',
      console: [],
    };
    // The preflight's own events may come first.
    for (const preflight of preflights.values()) {
      if (preflight.forRequest === event.requestId) verdict.preflight = preflight;
    }
    byId.set(event.requestId, verdict);
    order.push(verdict);
    applyEarly(event.requestId, verdict);
  });

  cdp.on('Network.responseReceived', (event: ResponseReceived) => {
    const preflight = preflights.get(event.requestId);
    if (preflight) {
      preflight.status = event.response.status;
      preflight.headers = event.response.headers;
      return;
    }
    const verdict = byId.get(event.requestId);
    if (verdict) verdict.status = event.response.status;
  });

  // A blocked response never gets responseReceived; its ExtraInfo still carries status and headers.
  // ExtraInfo events may arrive before requestWillBeSent: keep them until the request is known.
  type Target = CorsVerdict | (PreflightVerdict & { forRequest: string });
  const early = new Map<string, Array<(target: Target) => void>>();
  const withTarget = (requestId: string, apply: (target: Target) => void) => {
    const target = preflights.get(requestId) ?? byId.get(requestId);
    if (target) apply(target);
    else early.set(requestId, [...(early.get(requestId) ?? []), apply]);
  };
  const applyEarly = (requestId: string, target: Target) => {
    for (const apply of early.get(requestId) ?? []) apply(target);
    early.delete(requestId);
  };

  cdp.on('Network.responseReceivedExtraInfo', (event: ExtraInfo) =>
    withTarget(event.requestId, (target) => {
      if (event.statusCode !== undefined) target.status = event.statusCode;
      if ('forRequest' in target) target.headers = event.headers;
      else target.responseHeaders = event.headers;
    }),
  );

  cdp.on('Network.requestWillBeSentExtraInfo', (event: ExtraInfo) =>
    withTarget(event.requestId, (target) => {
      if (!('forRequest' in target)) target.requestHeaders = event.headers;
    }),
  );

  cdp.on('Network.loadingFinished', (event: { requestId: string }) => {
    const verdict = byId.get(event.requestId);
    if (verdict && verdict.state === 'pending') {
      verdict.state = 'finished';
      notify();
    }
  });

  cdp.on('Network.loadingFailed', (event: LoadingFailed) => {
    const preflight = preflights.get(event.requestId);
    if (preflight) {
      preflight.errorText = event.errorText;
      return;
    }
    const verdict = byId.get(event.requestId);
    if (!verdict) return;
    verdict.state = 'failed';
    verdict.errorText = event.errorText;
    if (event.corsErrorStatus) {
      verdict.corsError = event.corsErrorStatus.corsError;
      verdict.failedParameter = event.corsErrorStatus.failedParameter;
    }
    notify();
  });

  const onConsole = (message: ConsoleMessage) => {
    const line = `${message.type()}: ${message.text()}`;
    consoleLines.push(line);
    // Chromium quotes the URL: "Access to fetch at 'URL' from origin …". Several requests to one URL:
    // the message belongs to the latest (it is printed as that request fails).
    const owner = order.findLast(
      (v) => line.includes(`'${v.url}'`) || line.includes(`'${v.finalUrl}'`),
    );
    owner?.console.push(line);
    notify();
  };
  page.on('console', onConsole);
  await cdp.send('Network.enable');

  // The latest request to the URL, settled. An older settled one does not count while a newer one
  // is still pending: a test that repeats a request must get the verdict on the repeat.
  const find = (url: string, method?: string) => {
    const latest = order.findLast((v) => v.url === url && (!method || v.method === method));
    return latest?.state === 'pending' ? undefined : latest;
  };

  return {
    all: () => [...order],
    wire: () => wire.requests(),
    console: consoleLines,
    waitFor: (url, { method, timeoutMs = HANG_MS } = {}) =>
      new Promise((resolve, reject) => {
        let settledAt: number | undefined;
        let done = false;
        const check = () => {
          if (done) return;
          const verdict = find(url, method?.toUpperCase());
          if (!verdict) return;
          // The console line and loadingFailed come from different processes, in either order.
          settledAt ??= Date.now();
          const needsConsole = verdict.corsError !== undefined && verdict.console.length === 0;
          if (needsConsole && Date.now() - settledAt < CONSOLE_GRACE_MS) {
            setTimeout(check, 20);
            return;
          }
          cleanup();
          resolve(verdict);
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = order.map((v) => `${v.method} ${v.url} (${v.state})`).join(', ');
          reject(new Error(`no settled request to ${url} within ${timeoutMs} ms; seen: ${seen}`));
        }, timeoutMs);
        const cleanup = () => {
          done = true;
          clearTimeout(timer);
          changed.delete(check);
        };
        changed.add(check);
        check();
      }),
    clear: () => {
      wire.clear();
      early.clear();
      byId.clear();
      preflights.clear();
      order = [];
      consoleLines.length = 0;
    },
    dispose: async () => {
      page.off('console', onConsole);
      await cdp.detach().catch(() => undefined);
    },
  };
}
