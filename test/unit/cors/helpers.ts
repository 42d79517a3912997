/** Builders for test exchanges: page origin O, cross-origin API R and R2, as in reference §6.2. */
import type {
  CredentialsMode,
  Exchange,
  Header,
  HttpResponse,
  Initiator,
  Leg,
  RequestMode,
} from '../../../src/cors/types.ts';

export const O = 'https://app.test';
export const R = 'https://api.test/resource';
export const R2 = 'https://other.test/resource';

/** Header list from `name: value` strings (value may be empty). */
export function hs(...lines: string[]): Header[] {
  return lines.map((l) => {
    const i = l.indexOf(':');
    return { name: l.slice(0, i), value: l.slice(i + 1).trimStart() };
  });
}

export function res(status: number, ...headers: string[]): HttpResponse {
  return { status, headers: hs(...headers) };
}

export interface Simple {
  url?: string;
  method?: string;
  headers?: string[];
  credentials?: CredentialsMode;
  mode?: RequestMode;
  initiator?: Initiator;
  initiatorOrigin?: string;
  forcedPreflight?: boolean;
  /** The preflight's response; a preflight request is derived from the actual request. */
  preflight?: HttpResponse | 'no-response';
  response?: HttpResponse;
}

/** The OPTIONS request Chromium would send for `method` and the unsafe header names. */
export function preflightRequest(
  url: string,
  method: string,
  unsafe: string[],
  origin = O,
): Leg['preflight'] {
  const headers = hs(
    'Accept: */*',
    `Access-Control-Request-Method: ${method}`,
    `Origin: ${origin}`,
  );
  if (unsafe.length > 0)
    headers.push({ name: 'Access-Control-Request-Headers', value: [...unsafe].sort().join(',') });
  return { request: { url, method: 'OPTIONS', headers } };
}

export function leg(s: Simple, unsafe: string[] = []): Leg {
  const url = s.url ?? R;
  const method = s.method ?? 'GET';
  const l: Leg = { request: { url, method, headers: hs(...(s.headers ?? [])) } };
  if (s.preflight) {
    const p = preflightRequest(url, method, unsafe, s.initiatorOrigin ?? O)!;
    if (s.preflight !== 'no-response') p.response = s.preflight;
    l.preflight = p;
  }
  if (s.response) l.response = s.response;
  return l;
}

/** A one-leg exchange. `unsafe` lists the names the preflight announces. */
export function ex(s: Simple, unsafe: string[] = []): Exchange {
  const e: Exchange = {
    initiatorOrigin: s.initiatorOrigin ?? O,
    initiator: s.initiator ?? 'fetch',
    legs: [leg(s, unsafe)],
  };
  if (s.credentials) e.credentials = s.credentials;
  if (s.mode) e.mode = s.mode;
  if (s.forcedPreflight) e.forcedPreflight = true;
  return e;
}

/** A redirect chain: each hop's response (3xx with Location, then the final one). */
export function chain(
  initiatorOrigin: string,
  hops: {
    url: string;
    method?: string;
    headers?: string[];
    response?: HttpResponse;
    preflight?: HttpResponse;
    unsafe?: string[];
  }[],
  credentials: CredentialsMode = 'same-origin',
): Exchange {
  return {
    initiatorOrigin,
    initiator: 'fetch',
    credentials,
    legs: hops.map((h) => {
      const s: Simple = { url: h.url, initiatorOrigin };
      if (h.method) s.method = h.method;
      if (h.headers) s.headers = h.headers;
      if (h.response) s.response = h.response;
      if (h.preflight) s.preflight = h.preflight;
      return leg(s, h.unsafe ?? []);
    }),
  };
}
