/**
 * Failed preflights, as a tab's DevTools network log reports them (HAR entries from
 * `devtools.network.onRequestFinished`). A preflight is its own entry (OPTIONS with
 * `Access-Control-Request-Method`/`-Headers` and `Origin`); when it fails, the actual request follows
 * as an entry with status 0 and `_error: "net::ERR_FAILED"` (checked in Chromium 156: the preflight's
 * entry arrives first, within milliseconds). Pairing the two by URL and method names exactly what
 * the failed preflight asked for, without any per-request listener in the browser: the background
 * learns it at the first failure (learning-devtools.ts), so the first retry passes.
 *
 * Only failures are reported; a preflight whose request passed is dropped. Bounded memory.
 */
import type { Header } from '../cors/types.ts';

/** The parts of a HAR entry read here (Chromium's entries carry more). */
export interface ObservedEntry {
  request: { method: string; url: string; headers: readonly Header[] };
  response: { status: number; _error?: string | null };
}

/** What the background learns from: the preflight's URL and its CORS request headers. */
export interface FailedPreflight {
  url: string;
  /** `Access-Control-Request-Method`, `Access-Control-Request-Headers`, `Origin`, as sent. */
  requestHeaders: Header[];
}

/** Preflights waiting for their request's outcome, and failures waiting for their preflight. */
const MAX_PENDING = 64;

const KEPT = new Set(['access-control-request-method', 'access-control-request-headers', 'origin']);

function header(entry: ObservedEntry, name: string): string | undefined {
  const headers = Array.isArray(entry.request?.headers) ? entry.request.headers : [];
  return headers.find((h) => typeof h?.name === 'string' && h.name.toLowerCase() === name)?.value;
}

function isPreflight(entry: ObservedEntry): boolean {
  return (
    entry.request?.method === 'OPTIONS' &&
    typeof header(entry, 'access-control-request-method') === 'string'
  );
}

function isBlocked(entry: ObservedEntry): boolean {
  return entry.response?.status === 0 && entry.response._error === 'net::ERR_FAILED';
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_PENDING) map.delete(map.keys().next().value!);
}

export class FailedPreflights {
  /** URL → the latest preflight's CORS headers, until its request's entry arrives. */
  private readonly preflights = new Map<string, Header[]>();
  /** URL → method of a blocked request whose preflight entry has not arrived yet. */
  private readonly blocked = new Map<string, string>();

  /** Feed every entry; returns the failed preflight an entry completes, if any. */
  onEntry(entry: ObservedEntry): FailedPreflight | undefined {
    const url = entry?.request?.url;
    if (typeof url !== 'string') return undefined;
    if (isPreflight(entry)) {
      const requestHeaders = entry.request.headers
        .filter((h) => KEPT.has(h.name.toLowerCase()))
        .map((h) => ({ name: h.name, value: h.value }));
      const method = header(entry, 'access-control-request-method');
      if (this.blocked.get(url) === method) {
        this.blocked.delete(url);
        return { url, requestHeaders };
      }
      remember(this.preflights, url, requestHeaders);
      return undefined;
    }
    const waiting = this.preflights.get(url);
    if (!isBlocked(entry)) {
      // The request went through (or failed otherwise): its preflight taught nothing new.
      if (waiting) this.preflights.delete(url);
      return undefined;
    }
    const method = waiting?.find((h) => h.name.toLowerCase() === 'access-control-request-method');
    if (waiting && method?.value === entry.request.method) {
      this.preflights.delete(url);
      return { url, requestHeaders: waiting };
    }
    remember(this.blocked, url, entry.request.method);
    return undefined;
  }
}
