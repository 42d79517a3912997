import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import { diagnose, applyOverrides } from './engine.ts';
import type { ExchangeRecord } from './exchange-record.ts';

/** What a row shows. `relaxed`: the browser let it through only because a CORS Lens override
 * rewrote the response headers (DevTools still shows the server's original headers). */
export type RowStatus = 'allowed' | 'blocked' | 'relaxed' | 'network-error' | 'not-cors';

export interface Analysis {
  status: RowStatus;
  /** The engine's verdict on what the server really sent. */
  diagnosis: Diagnosis;
  /** Present when an override changed the headers: the exchange as the browser received it. */
  relaxed?: { exchange: Exchange; diagnosis: Diagnosis };
}

// Keyed by the exchange object: an updated exchange is a new object, so the cache never goes stale,
// and entries of dropped rows are collected with them.
const cache = new WeakMap<Exchange, Analysis>();

/** Diagnoses once per exchange; every later call (row render, filter, count) is a lookup. */
export function analyse(record: ExchangeRecord): Analysis {
  const hit = cache.get(record.exchange);
  if (hit) return hit;
  const result = computeAnalysis(record);
  cache.set(record.exchange, result);
  return result;
}

function computeAnalysis(record: ExchangeRecord): Analysis {
  const diagnosis = diagnose(record.exchange);
  // The browser's own mark of a block (net::ERR_FAILED) means no override helped, whatever the
  // overrides say now (e.g. one created after this request).
  const observedBlock = record.exchange.observed?.netError || record.exchange.observed?.corsError;
  const rewritten = record.overrides.length && !observedBlock ? applyOverrides(record) : undefined;
  if (rewritten) {
    // The browser's own mark says "passed" once an override fixed the headers, and the engine
    // trusts that mark; judged on the server's headers alone, it tells whether it was the override.
    const { observed: _observed, ...headersOnly } = record.exchange;
    const serverAlone = diagnose(headersOnly);
    const relaxedDiagnosis = diagnose(rewritten);
    if (serverAlone.verdict === 'blocked' && relaxedDiagnosis.verdict === 'allowed') {
      return {
        status: 'relaxed',
        diagnosis: serverAlone,
        relaxed: { exchange: rewritten, diagnosis: relaxedDiagnosis },
      };
    }
  }
  return { status: diagnosis.verdict, diagnosis };
}

const CORS_BLOCK_MARK = 'net::ERR_FAILED';

/**
 * The row's status without running the engine when the browser already said it: Chromium marks a
 * CORS-blocked request `net::ERR_FAILED`, and requests with no mark passed. Counting and filtering
 * 10,000 rows then costs nothing; the engine runs for rows that show (and for sources without
 * marks, and to tell "relaxed" from "allowed" while an override exists).
 */
export function statusOf(record: ExchangeRecord): RowStatus {
  const known = cache.get(record.exchange);
  if (known) return known.status;
  if (!record.marked || !record.crossOrigin) return analyse(record).status;
  const { observed, legs } = record.exchange;
  if (observed?.corsError || observed?.netError === CORS_BLOCK_MARK) return 'blocked';
  if (observed?.netError || legs.some((leg) => leg.netError || leg.preflight?.netError)) {
    return 'network-error';
  }
  return record.overrides.length ? analyse(record).status : 'allowed';
}
