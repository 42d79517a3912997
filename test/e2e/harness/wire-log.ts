// What Chromium put on the wire, read over CDP: every hop of every request, preflights included, whose
// headers were sent (`requestWillBeSentExtraInfo` carries them, `Host` line and cookies included). The
// DevTools HAR says the same, but its entries for redirected preflights can arrive many seconds late
// under load; CDP reports them as they happen.
import type { CDPSession } from 'playwright-core';

export interface WireRequest {
  method: string;
  url: string;
  headers: Array<{ name: string; value: string }>;
}

export interface WireLog {
  /** Every hop sent so far, in the order the hops were announced. */
  requests(): WireRequest[];
  clear(): void;
}

interface Hop {
  requestId: string;
  index: number;
  method: string;
  url: string;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function wireLog(cdp: CDPSession): WireLog {
  let hops: Hop[] = [];
  const hopCount = new Map<string, number>();
  // A redirect keeps the request id: the k-th ExtraInfo of an id belongs to its k-th hop. ExtraInfo
  // may come before or after the hop's requestWillBeSent; a hop that was never sent has none.
  const sentHeaders = new Map<string, Array<Record<string, string>>>();
  cdp.on(
    'Network.requestWillBeSent',
    (event: { requestId: string; request: { url: string; method: string } }) => {
      const index = hopCount.get(event.requestId) ?? 0;
      hopCount.set(event.requestId, index + 1);
      const { method, url } = event.request;
      hops.push({ requestId: event.requestId, index, method, url });
    },
  );
  cdp.on(
    'Network.requestWillBeSentExtraInfo',
    (event: { requestId: string; headers: Record<string, string> }) =>
      push(sentHeaders, event.requestId, event.headers),
  );
  return {
    requests: () =>
      hops.flatMap((hop) => {
        const headers = sentHeaders.get(hop.requestId)?.[hop.index];
        if (!headers) return [];
        return [
          {
            method: hop.method,
            url: hop.url,
            headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
          },
        ];
      }),
    clear: () => {
      hops = [];
      hopCount.clear();
      sentHeaders.clear();
    },
  };
}
