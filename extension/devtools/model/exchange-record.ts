import type { Exchange } from '../../../src/cors/types.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { originOf } from './origins.ts';

/**
 * One row of the panel: an exchange plus the few cheap facts the list and the filters need, so that
 * filtering 10,000 rows never parses a URL or runs the engine.
 */
export interface ExchangeRecord {
  /** Panel-unique and stable across updates of the same exchange (a preflight, then its request). */
  readonly key: number;
  readonly exchange: Exchange;
  /** The overrides that were active when the exchange arrived (live capture only). */
  readonly overrides: readonly Override[];
  /** The inspected tab, to ask whether an override applied to it. */
  readonly tabId?: number;
  readonly url: string;
  /** Lower-cased URL for the text filter. */
  readonly urlLower: string;
  readonly method: string;
  readonly targetOrigin: string | null;
  readonly crossOrigin: boolean;
  /**
   * The source marks blocked responses itself (Chromium's `_error: net::ERR_FAILED`), so the list
   * can tell blocked from allowed without running the engine on rows nobody looks at.
   */
  readonly marked: boolean;
}

export function makeRecord(
  key: number,
  exchange: Exchange,
  overrides: readonly Override[],
  tabId: number | undefined,
  marked: boolean,
): ExchangeRecord {
  const first = exchange.legs[0]?.request;
  const url = first?.url ?? '';
  const targetOrigin = originOf(url);
  return {
    key,
    exchange,
    overrides,
    tabId,
    url,
    urlLower: url.toLowerCase(),
    method: first?.method ?? '',
    targetOrigin,
    // A redirect to another origin makes an exchange cross-origin even if it started same-origin.
    crossOrigin: exchange.legs.some(
      (leg) => originOf(leg.request.url) !== exchange.initiatorOrigin,
    ),
    marked,
  };
}
