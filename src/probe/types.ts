/**
 * The probe's data model: what to ask (a fetch() from an origin, as the CLI's `check` describes it)
 * and the HTTP client it asks through. The client is injected, so src/probe stays pure: the Node
 * client lives in bin/, tests pass fakes.
 */
import type { CredentialsMode, Header } from '../cors/types.ts';

/** One fetch() a page on `origin` would make, with mode `cors` unless said otherwise. */
export interface ProbeSpec {
  url: string;
  /** The page's origin, serialized: `http://localhost:5173`. */
  origin: string;
  /** As the page wrote it; fetch() upper-cases the standard methods only (see `normalizeMethod`). */
  method: string;
  /** Set by the page, in order; repeated names are joined as fetch's `Headers.append` does. */
  headers: Header[];
  /** A string body (fetch gives it `Content-Type: text/plain;charset=UTF-8` unless one is set). */
  body?: string;
  credentials: CredentialsMode;
  /** Default `cors`; `no-cors` is never CORS-checked. */
  mode?: 'cors' | 'no-cors';
  /** Chromium always preflights XMLHttpRequest with upload listeners and streamed fetch bodies. */
  forcePreflight?: boolean;
  /** Stop after the preflight: the actual request is not sent. */
  preflightOnly?: boolean;
}

/** One request on the wire. `headers` in wire order; the client adds `Host` and `Content-Length`. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Header[];
  body?: string;
}

export interface WireResponse {
  status: number;
  statusText?: string;
  /** Every header line as received: order, case and repeats kept. */
  headers: Header[];
}

/** A request that got no HTTP response: refused, DNS, timeout, TLS… Not a CORS verdict. */
export interface TransportFailure {
  /** Chromium's name for it, e.g. `net::ERR_CONNECTION_REFUSED`. */
  netError: string;
  /** What happened, in words, e.g. `connection refused by 127.0.0.1:3000`. */
  message: string;
}

export type WireResult = { response: WireResponse } | { failure: TransportFailure };

/** Sends one request as given: no automatic redirects, no added CORS headers, no cookie jar. */
export interface HttpClient {
  send(request: WireRequest): Promise<WireResult>;
}
