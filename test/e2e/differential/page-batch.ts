// Runs many requests inside one page at once (a bounded pool), each as its case describes, and brings
// back what the script saw. Bodies are read to the end: an unread body leaves the request "aborted"
// in DevTools and CDP, which would not be a CORS verdict at all.
import type { Page } from 'playwright-core';
import type { PageOutcome, RequestSpec } from './case-types.ts';

export interface PageRequest extends RequestSpec {
  key: string;
  url: string;
}

/** Chromium opens 6 connections per host; a few more in flight keeps every queue busy. */
const DEFAULT_CONCURRENCY = 24;

// Plain JavaScript on purpose: transpilers that keep function names (tsx does) inject helpers into
// functions passed to page.evaluate, which do not exist in the page.
const IN_PAGE = `async ({ requests, concurrency }) => {
  const viaXhr = (r) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(r.method, r.url);
    xhr.withCredentials = r.credentials === 'include';
    for (const [name, value] of r.headers || []) xhr.setRequestHeader(name, value);
    // Registered before send(): the "upload listener flag" that forces a preflight.
    if (r.uploadListener) xhr.upload.addEventListener('progress', () => undefined);
    xhr.onloadend = () => resolve(xhr.status === 0 ? { status: 0, error: 'error' } : { status: xhr.status });
    xhr.send(r.body === undefined ? null : r.body);
  });
  const viaFetch = (r) => {
    const headers = new Headers();
    for (const [name, value] of r.headers || []) headers.append(name, value);
    const init = { method: r.method, headers, credentials: r.credentials };
    if (r.body !== undefined) init.body = r.body;
    if (r.mode) init.mode = r.mode;
    if (r.cache) init.cache = r.cache;
    return fetch(r.url, init).then(
      async (res) => { await res.arrayBuffer(); return { status: res.status }; },
      (error) => ({ status: 0, error: String(error) }),
    );
  };
  const results = {};
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      results[r.key] = await (r.client === 'xhr' ? viaXhr(r) : viaFetch(r));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}`;

export async function runBatch(
  page: Page,
  requests: readonly PageRequest[],
  concurrency = DEFAULT_CONCURRENCY,
): Promise<Record<string, PageOutcome>> {
  const arg = JSON.stringify({ requests, concurrency });
  return (await page.evaluate(`(${IN_PAGE})(${arg})`)) as Record<string, PageOutcome>;
}
