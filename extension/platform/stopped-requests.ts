import { diagnose } from '../../src/cors/index.ts';
import { harEntriesToExchanges } from '../../src/har/index.ts';
import { hasBlockedMarkField } from '../devtools/client/panel-client.ts';

/**
 * Firefox's `devtools.network.onRequestFinished` never fires for a request that got no response, so
 * a request stopped by its failed preflight would reach the panel as the preflight alone, and the
 * panel would never list it (checked in firefox-esr 153). DevTools' log (`getHAR`) does hold it,
 * with status 0. Chromium reports such requests itself, marked `_error`; its entries always carry
 * that field, Firefox's never do, so the field (not the user agent) tells which browser this is.
 *
 * `followStoppedRequests(getHar, forward)` returns an entry handler that forwards every finished
 * entry and, after an unmarked preflight, looks in the log for the request it served: if that
 * request has no response and the engine judges that the preflight stopped it, it is forwarded too.
 * A request whose preflight passed is still under way: it arrives by itself when it finishes.
 */
export function followStoppedRequests(
  getHar: () => Promise<object[]>,
  forward: (entry: object) => void,
  {
    attempts = 5,
    retryMs = 100,
    recovered = new Set<string>(),
  }: {
    attempts?: number;
    retryMs?: number;
    /** Requests already forwarded from the log (shared with `createUnansweredWatch`). */
    recovered?: Set<string>;
  } = {},
): (entry: object) => void {
  const recover = async (preflight: PreflightEntry, method: string) => {
    // The log lists a request when it starts, so it is there by now; retries cover a log that is
    // still catching up, and end once the request is found either way.
    for (let attempt = 0; attempt < attempts; attempt++) {
      const stopped = findStoppedRequest(await getHar(), preflight, method, recovered);
      if (stopped !== 'not-in-log') {
        if (stopped) {
          recovered.add(fingerprint(stopped));
          forward(stopped);
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  return (entry) => {
    // Firefox does report some requests without a response (a refused preflight): never twice.
    if (endedWithoutResponse(entry)) {
      if (recovered.has(fingerprint(entry))) return;
      recovered.add(fingerprint(entry));
    }
    forward(entry);
    const preflight = entry as PreflightEntry;
    const method = requestedMethod(preflight);
    if (method && !hasBlockedMarkField(preflight))
      void recover(preflight, method).catch(() => undefined);
  };
}

interface PreflightEntry {
  startedDateTime?: string;
  request?: { method?: string; url?: string; headers?: { name?: string; value?: string }[] };
  response?: { status?: number; bodySize?: number };
  _securityState?: string;
}

/** `Access-Control-Request-Method` of an OPTIONS entry: the entry is a preflight for that method. */
function requestedMethod(entry: PreflightEntry): string | undefined {
  if (entry.request?.method?.toUpperCase() !== 'OPTIONS') return undefined;
  return entry.request.headers?.find(
    (h) => h.name?.toLowerCase() === 'access-control-request-method',
  )?.value;
}

/**
 * The request `preflight` served, if the preflight stopped it; `undefined` if it is answered or
 * under way (or was recovered already); `'not-in-log'` if the log has no such request yet.
 */
export function findStoppedRequest(
  log: readonly object[],
  preflight: PreflightEntry,
  method: string,
  recovered: ReadonlySet<string> = new Set(),
): object | undefined | 'not-in-log' {
  const url = preflight.request?.url;
  const at = Date.parse(preflight.startedDateTime ?? '');
  // The closest in time with that URL and method: the one this preflight was sent for.
  let best: PreflightEntry | undefined;
  let bestDistance = Infinity;
  for (const entry of log as PreflightEntry[]) {
    if (entry.request?.url !== url || entry.request?.method !== method) continue;
    const distance = Math.abs(Date.parse(entry.startedDateTime ?? '') - at);
    if (!(distance >= bestDistance)) {
      best = entry;
      bestDistance = distance;
    }
  }
  if (!best) return 'not-in-log';
  if ((best.response?.status ?? 0) > 0 || recovered.has(fingerprint(best))) return undefined;
  // Stopped, or still waiting for its answer? Only a failed preflight stops it. The engine may
  // explain a missing answer by guessing `credentials: "include"` (a log does not record the
  // mode); that guess would also "explain" a request still under way, so it does not count here.
  const [exchange] = harEntriesToExchanges([best, preflight]).exchanges;
  const diagnosis = exchange && diagnose(exchange);
  if (diagnosis?.culprit?.where !== 'preflight-response') return undefined;
  const guessed = diagnosis.credentials.inferred && diagnosis.credentials.mode === 'include';
  return guessed ? undefined : best;
}

function fingerprint(entry: PreflightEntry): string {
  return JSON.stringify([entry.startedDateTime, entry.request?.method, entry.request?.url]);
}

/**
 * A request that ended without any response: connection refused, a DNS failure, a preflight that
 * got no answer. Firefox never reports one through `onRequestFinished`, and nothing else announces
 * it. Its log entry has status 0 like a request still waiting, but carries `_securityState` and a
 * body size of 0, where a waiting one has neither (body size -1) (checked in firefox-esr 153).
 */
export function endedWithoutResponse(entry: object): boolean {
  const e = entry as PreflightEntry;
  return (
    e.response?.status === 0 && e.response.bodySize !== -1 && typeof e._securityState === 'string'
  );
}

/** How often Firefox's log is read for requests that ended without a response. */
export const UNANSWERED_POLL_MS = 2000;

/**
 * The panel's log reads and live entries, plus a poll of the log (only while the panel listens)
 * that forwards each request that ended without a response, once: Firefox reports such requests
 * only sometimes (measured in firefox-esr 153: a refused or DNS-failed request was missing from
 * 1 run in 4). The poll reads the log only once an entry without Chromium's `_error` field showed
 * this is Firefox: a devtools page has no `runtime.getBrowserInfo` to ask, and Chromium reports
 * every failed request itself. The initial snapshot goes through `snapshot()` so what it already
 * holds is never forwarded again; requests recovered after a failed preflight
 * (`followStoppedRequests`) share the same record.
 */
export function createUnansweredWatch(getHar: () => Promise<object[]>) {
  const seen = new Set<string>();
  let unmarked = false;
  const remember = (entries: readonly object[]) => {
    for (const entry of entries) {
      if (!unmarked && !hasBlockedMarkField(entry)) unmarked = true;
      if (endedWithoutResponse(entry)) seen.add(fingerprint(entry));
    }
  };
  return {
    /** The log, as the panel's first list; its unanswered requests count as forwarded. */
    async snapshot(): Promise<object[]> {
      const entries = await getHar();
      remember(entries);
      return entries;
    },
    /** `onRequestFinished`'s handler (see `followStoppedRequests`), sharing what was forwarded. */
    follow(forward: (entry: object) => void): (entry: object) => void {
      const handler = followStoppedRequests(getHar, forward, { recovered: seen });
      return (entry) => {
        if (!unmarked && !hasBlockedMarkField(entry)) unmarked = true;
        handler(entry);
      };
    },
    /** Reads the log every `pollMs` and forwards new unanswered requests; returns the stop. */
    poll(forward: (entry: object) => void, pollMs = UNANSWERED_POLL_MS): () => void {
      let reading = false;
      const timer = setInterval(() => {
        if (reading || !unmarked) return;
        reading = true;
        void getHar()
          .then((entries) => {
            for (const entry of entries) {
              if (!endedWithoutResponse(entry) || seen.has(fingerprint(entry))) continue;
              seen.add(fingerprint(entry));
              forward(entry);
            }
          })
          .catch(() => undefined)
          .finally(() => (reading = false));
      }, pollMs);
      return () => clearInterval(timer);
    },
  };
}
