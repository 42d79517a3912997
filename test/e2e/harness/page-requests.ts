// Run fetch() or XMLHttpRequest inside a page and bring back what the page's script could see: the
// outcome a web developer gets (a TypeError, status 0) is part of what the tests assert.
import type { Page } from 'playwright-core';

/** The serializable subset of RequestInit. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | Array<[string, string]>;
  body?: string;
  credentials?: 'omit' | 'same-origin' | 'include';
  mode?: 'cors' | 'no-cors' | 'same-origin';
  redirect?: 'follow' | 'error' | 'manual';
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache';
}

export interface PageResponse {
  /** True when the script got a response with a 2xx status. */
  ok: boolean;
  /** 0 when the request failed (CORS, network) or the response is opaque. */
  status: number;
  body: string;
  /** Response headers the script can read (CORS-exposed ones only), names lower-cased. */
  headers: Record<string, string>;
  /** The error the script saw, e.g. `TypeError: Failed to fetch`; absent on success. */
  error?: string;
  /** fetch only: the Response type (`cors`, `basic`, `opaque`, `opaqueredirect`). */
  type?: string;
}

/** `fetch(url, init)` in the page. Never throws for a blocked request: see `error`. */
export function fetchFromPage(
  page: Page,
  url: string,
  init: FetchInit = {},
): Promise<PageResponse> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, init);
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return { ok: res.ok, status: res.status, type: res.type, headers, body: await res.text() };
      } catch (error) {
        return { ok: false, status: 0, headers: {}, body: '', error: String(error) };
      }
    },
    { url, init },
  );
}

export interface XhrInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  withCredentials?: boolean;
}

/** An XMLHttpRequest in the page. `error` is `'error'` (blocked or network failure) or `'timeout'`. */
export function xhrFromPage(page: Page, url: string, init: XhrInit = {}): Promise<PageResponse> {
  return page.evaluate(
    ({ url, init }) =>
      new Promise<PageResponse>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open(init.method ?? 'GET', url);
        xhr.withCredentials = init.withCredentials ?? false;
        for (const [name, value] of Object.entries(init.headers ?? {})) {
          xhr.setRequestHeader(name, value);
        }
        const fail = (error: string) => () =>
          resolve({ ok: false, status: xhr.status, headers: {}, body: '', error });
        xhr.onerror = fail('error');
        xhr.ontimeout = fail('timeout');
        xhr.onabort = fail('abort');
        xhr.onload = () => {
          const headers: Record<string, string> = {};
          for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
            const colon = line.indexOf(':');
            if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
          }
          resolve({
            ok: xhr.status >= 200 && xhr.status < 300,
            status: xhr.status,
            headers,
            body: xhr.responseText,
          });
        };
        xhr.send(init.body ?? null);
      }),
    { url, init },
  );
}
