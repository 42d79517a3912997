// The differential suite's scenario model: one case = one request a page makes, and how each server
// on its way answers. Cases are data (built from compact tables in ./tables/), so the same list drives
// the live run in Chromium and documents what the recording contains.
import type { CredentialsMode } from '../../../src/cors/types.ts';

/** The three loopback origins: A serves the page, B and C are the APIs. */
export type Where = 'A' | 'B' | 'C';

/** Origins of one run (ports are picked at start-up). `page` is A's origin. */
export interface Origins {
  page: string;
  A: string;
  B: string;
  C: string;
}

/** A header value, literal or computed from the run's origins (e.g. the page origin). */
export type Value = string | ((origins: Origins) => string);
/** Header lines in order; repeats are separate lines (they matter for CORS). */
export type Lines = ReadonlyArray<readonly [string, Value]>;

export interface AnswerSpec {
  status?: number;
  headers?: Lines;
}

/** One URL on the way: the answer to the page's request, and to its preflight. */
export interface HopSpec {
  at: Where;
  /** Default 200, or 302 with `redirectTo`. */
  status?: number;
  headers?: Lines;
  /** Answer to a CORS preflight (OPTIONS with Access-Control-Request-Method); default: as above. */
  preflight?: AnswerSpec;
  /** This hop answers with a redirect to the next hop, on that origin. */
  redirectTo?: { at: Where; userinfo?: string };
}

export interface RequestSpec {
  client: 'fetch' | 'xhr';
  method: string;
  /** Set by the page in this order; repeated names are appended (fetch joins them). */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  /** For XHR, `include` means `withCredentials = true`, `same-origin` means false. */
  credentials: CredentialsMode;
  mode?: 'cors' | 'no-cors';
  cache?: 'no-store';
  /** XHR only: register an upload progress listener before send() (forces a preflight). */
  uploadListener?: boolean;
}

export interface Case {
  /** Unique, URL-safe: the path of every hop contains it. */
  id: string;
  /** The table it came from, for grouping in reports. */
  group: string;
  title: string;
  request: RequestSpec;
  hops: HopSpec[];
}

/** What the page's script saw. */
export interface PageOutcome {
  status: number;
  error?: string;
}
