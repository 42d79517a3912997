import type { Exchange } from '../cors/types.ts';
import type { ExplainedExchange, Explainer } from './explain-exchange.ts';
import { encodeUtf8 } from './output-buffer.ts';

/**
 * A recording repeats the same CORS situation thousands of times (a page polling its API, the same
 * request after every click): the same page origin, request, server answer and redirects. What
 * `explain` writes for an exchange depends on its contents alone, so an exchange that reads the
 * same as one seen before gets the same answer without the engine, the fixes, redaction and
 * rendering running again.
 *
 * The key is the whole exchange as JSON except what no part of the report reads (its id, start
 * time and duration): exact, not a guess at which fields matter, so a hit can never change the
 * output (test/unit/cli/exchange-memo.test.ts checks this on generated and hostile exchanges).
 * Exchanges come from the HAR reader, built from JSON, so JSON.stringify loses nothing of them.
 *
 * Memory is bounded: once keys and answers hold more than `maxChars` characters, the oldest
 * entries go, except that one used since the last sweep gets a second chance (the CLOCK
 * approximation of least-recently-used: a hit only sets a flag); one entry too large to be worth
 * keeping is never stored.
 *
 * A recording where nothing repeats (every URL unique) would pay for keys and copies in vain: after
 * a window of lookups with almost no hits, the memo empties and stands aside for a while, then
 * looks again.
 */
export interface MemoOptions {
  /** Characters of keys and answers kept at most (default 8 Mi, some 8–16 MB). */
  maxChars?: number;
  /** Lookups per window (default 1024): under 1 hit in 16, the memo pauses. */
  window?: number;
  /** Exchanges explained without the memo after such a window (default 7 × 1024). */
  pause?: number;
  /**
   * Keep a text part as UTF-8 too (`item.bytes`) once it is used again: an answer that repeats is
   * written again and again, so it is encoded once; one that never does (every exchange of a
   * recording that does not repeat) stays text, encoded once, straight into the output or the
   * spool. (`--json` rows are UTF-8 from the start.)
   */
  encode?: boolean;
}

export interface MemoStats {
  hits: number;
  misses: number;
  /** Explained while the memo was paused. */
  bypassed: number;
  entries: number;
  chars: number;
}

export const DEFAULT_MEMO_CHARS = 8 * 1024 * 1024;

/** Everything of an exchange that the engine, the fixes or the report read, as one string. */
export function exchangeKey(exchange: Exchange): string {
  const { id: _id, startedAt: _startedAt, durationMs: _durationMs, ...read } = exchange;
  return JSON.stringify(read);
}

export function memoizeExplainer(
  explain: Explainer,
  opts: MemoOptions = {},
): Explainer & { stats(): MemoStats } {
  const maxChars = opts.maxChars ?? DEFAULT_MEMO_CHARS;
  /** One entry may take this much at most, so a huge exchange cannot flush all the others. */
  const maxEntry = maxChars / 16;
  /** In order of insertion (a Map iterates so); `used`: hit since the last sweep passed it. */
  const entries = new Map<
    string,
    { answer: ExplainedExchange; size: number; used: boolean; encoded: boolean }
  >();
  let chars = 0;
  let hits = 0;
  let misses = 0;
  let bypassed = 0;
  const window = opts.window ?? 1024;
  const pause = opts.pause ?? 7 * 1024;
  let windowLookups = 0;
  let windowHits = 0;
  let paused = 0;

  /** The oldest entry not used since the sweep last passed it goes; used ones move to the end. */
  const evictOne = (): void => {
    for (const [key, entry] of entries) {
      entries.delete(key);
      if (entry.used) {
        entry.used = false;
        entries.set(key, entry);
      } else {
        chars -= entry.size;
        return;
      }
    }
  };

  const memoized = (exchange: Exchange): ExplainedExchange => {
    if (paused > 0) {
      paused--;
      bypassed++;
      return explain(exchange);
    }
    const answer = lookUp(exchange);
    if (++windowLookups >= window) {
      if (windowHits * 16 < windowLookups) {
        paused = pause;
        // What it holds goes too: answers that found no repeat over a window seldom find one
        // later, and held, they are live heap every full collection marks again.
        entries.clear();
        chars = 0;
      }
      windowLookups = 0;
      windowHits = 0;
    }
    return answer;
  };

  const lookUp = (exchange: Exchange): ExplainedExchange => {
    const key = exchangeKey(exchange);
    const known = entries.get(key);
    if (known !== undefined) {
      hits++;
      windowHits++;
      known.used = true;
      if (opts.encode && !known.encoded) {
        // Used again: from now on written as bytes encoded here once.
        known.encoded = true;
        const answer = encoded(known.answer);
        const grown = answerSize(answer) - answerSize(known.answer);
        known.answer = answer;
        known.size += grown;
        chars += grown;
        while (chars > maxChars) evictOne();
        return answer;
      }
      return known.answer;
    }
    misses++;
    const answer = explain(exchange);
    // A failure names the exchange it happened to: reported once per exchange, never reused.
    if (answer.failure !== undefined) return answer;
    const size = key.length + answerSize(answer);
    if (size > maxEntry) return answer;
    entries.set(key, { answer, size, used: false, encoded: false });
    chars += size;
    while (chars > maxChars) evictOne();
    return answer;
  };
  return Object.assign(memoized, {
    stats: (): MemoStats => ({ hits, misses, bypassed, entries: entries.size, chars }),
  });
}

/** The answer as it is written again: a text part with its UTF-8 bytes beside the text. */
function encoded(answer: ExplainedExchange): ExplainedExchange {
  if (answer.item !== undefined && answer.item.text !== '') {
    return { ...answer, item: { ...answer.item, bytes: encodeUtf8(answer.item.text) } };
  }
  return answer;
}

/** What an answer holds, in characters and bytes, for the memo's bound. */
function answerSize(answer: ExplainedExchange): number {
  let rowBytes = 0;
  for (const part of answer.rowParts ?? []) rowBytes += part.length;
  return rowBytes + (answer.item?.text.length ?? 0) + (answer.item?.bytes?.length ?? 0);
}
