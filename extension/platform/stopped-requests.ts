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
  { attempts = 5, retryMs = 100 }: { attempts?: number; retryMs?: number } = {},
): (entry: object) => void {
  const recovered = new Set<string>();
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
  response?: { status?: number };
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
