import type { Bidi } from './bidi.ts';

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  credentials?: 'omit' | 'same-origin' | 'include';
}

export interface FetchOutcome {
  ok: boolean;
  status?: number;
  body?: string;
  /** What the page's script saw when the browser blocked it (Firefox: `TypeError: NetworkError…`). */
  error?: string;
}

/** `fetch(url, init)` run by the page in `context`, as its own script would. */
export function fetchIn(
  bidi: Bidi,
  context: string,
  url: string,
  init: FetchInit = {},
): Promise<FetchOutcome> {
  return bidi.call<FetchOutcome>(
    context,
    `async (url, init) => {
      try {
        const r = await fetch(url, init);
        return { ok: true, status: r.status, body: await r.text() };
      } catch (e) {
        return { ok: false, error: String(e) };
      }
    }`,
    url,
    init,
  );
}
