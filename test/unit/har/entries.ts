/** Small hand-made HAR entries for focused tests (the fixtures hold the full Chromium shapes). */
export interface EntryOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** Milliseconds after 10:00:00 on the fixture day; omitted → no startedDateTime. */
  at?: number;
  time?: number;
  resourceType?: string;
  error?: string | null;
  redirectURL?: string;
}

export const PAGE_ORIGIN = 'http://localhost:5173';
export const API = 'http://localhost:3000';
const T0 = Date.UTC(2026, 7, 22, 10, 0, 0);

const pairs = (record: Record<string, string> = {}) =>
  Object.entries(record).map(([name, value]) => ({ name, value }));

export function entry(o: EntryOptions): Record<string, unknown> {
  const e: Record<string, unknown> = {
    request: { method: o.method ?? 'GET', url: o.url, headers: pairs(o.headers) },
    response: {
      status: o.status ?? 200,
      statusText: '',
      headers: pairs(o.responseHeaders),
      redirectURL: o.redirectURL ?? '',
      _error: o.error ?? null,
    },
    time: o.time ?? 5,
  };
  if (o.at !== undefined) e.startedDateTime = new Date(T0 + o.at).toISOString();
  if (o.resourceType !== undefined) e._resourceType = o.resourceType;
  return e;
}

/** The request a page at PAGE_ORIGIN sends with fetch(). */
export function request(url: string, o: Omit<EntryOptions, 'url'> = {}): Record<string, unknown> {
  return entry({
    resourceType: 'fetch',
    ...o,
    url,
    headers: { Origin: PAGE_ORIGIN, 'Sec-Fetch-Mode': 'cors', ...o.headers },
  });
}

/** The preflight Chromium sends for `method` on `url`. */
export function preflight(
  url: string,
  method: string,
  o: Omit<EntryOptions, 'url' | 'method'> & { origin?: string; requestHeaders?: string } = {},
): Record<string, unknown> {
  const headers: Record<string, string> = {
    'Access-Control-Request-Method': method,
    Origin: o.origin ?? PAGE_ORIGIN,
    'Sec-Fetch-Mode': 'cors',
  };
  if (o.requestHeaders) headers['Access-Control-Request-Headers'] = o.requestHeaders;
  return entry({
    resourceType: 'preflight',
    status: 204,
    responseHeaders: { 'Access-Control-Allow-Origin': PAGE_ORIGIN },
    ...o,
    url,
    method: 'OPTIONS',
    headers,
  });
}
