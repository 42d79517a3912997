import type { Exchange, InputError } from '../cors/types.ts';

/** Why an entry did not become (part of) an exchange. Counted, so nothing disappears silently. */
export type SkipReason =
  /** Every hop went to the page's own origin: CORS does not apply. */
  | 'same-origin'
  /** A document load (top-level or frame): navigations are not CORS requests. */
  | 'navigation'
  /** A no-cors or websocket request (plain <img>, <script>…): the browser never CORS-blocks these. */
  | 'not-cors'
  /** data:, blob:, about:… URLs. */
  | 'unsupported-scheme'
  /** Nothing in the entry or the HAR says which origin made the request. */
  | 'unknown-initiator'
  /** A preflight whose request is not in the input (filtered export, truncated file). */
  | 'unpaired-preflight';

export const SKIP_REASONS: readonly SkipReason[] = [
  'same-origin',
  'navigation',
  'not-cors',
  'unsupported-scheme',
  'unknown-initiator',
  'unpaired-preflight',
];

/** What became of one input entry. Exactly one per entry, in input order. */
export type EntryOutcome =
  | { kind: 'exchange'; exchangeId: string }
  | { kind: 'skipped'; reason: SkipReason }
  /** Unusable (not an object, no URL or method…): the reason is in `errors`. */
  | { kind: 'error' };

export interface HarReadResult {
  exchanges: Exchange[];
  /** Problems with the input, with paths like `log.entries[12].request.headers`. */
  errors: InputError[];
  /**
   * How many problems there were: `errors` lists the first 500 and then one line for the rest.
   * Absent means `errors.length`.
   */
  errorCount?: number;
  /** `entries[i]` says what became of input entry i. */
  entries: EntryOutcome[];
  /** How many entries were skipped, per reason (zero counts included). */
  skipped: Record<SkipReason, number>;
  /**
   * Only from a live assembler that pruned (`createHarAssembler({ retain })`): `entries[i]` is then
   * input entry `firstEntry + i`, as older outcomes were forgotten. Absent means 0.
   */
  firstEntry?: number;
}

export interface HarReadOptions {
  /** Origin of the inspected page, the last resort for an entry's initiator. */
  pageOrigin?: string;
  /** `pageref` → that page's origin (from `log.pages`). */
  pageOrigins?: Readonly<Record<string, string>>;
  /** Prefix of error paths; `log.entries` by default. */
  pathPrefix?: string;
}
