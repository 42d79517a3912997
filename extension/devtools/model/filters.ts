import { statusOf } from './analysis.ts';
import type { ExchangeRecord } from './exchange-record.ts';

export interface Filters {
  /** Case-insensitive substring of the URL; several words must all match. */
  text: string;
  blockedOnly: boolean;
  /** Same-origin traffic cannot fail CORS, so it is hidden unless asked for. */
  showSameOrigin: boolean;
}

export const DEFAULT_FILTERS: Filters = { text: '', blockedOnly: false, showSameOrigin: false };

/** Compiles the filters once, so the per-row test is a few comparisons. */
export function compileFilter(filters: Filters): (record: ExchangeRecord) => boolean {
  const words = filters.text.toLowerCase().split(/\s+/).filter(Boolean);
  const { blockedOnly, showSameOrigin } = filters;
  return (record) => {
    if (!showSameOrigin && !record.crossOrigin) return false;
    for (const word of words) if (!record.urlLower.includes(word)) return false;
    // Last: the only test that may need the engine (for sources without the browser's marks).
    return !blockedOnly || statusOf(record) === 'blocked';
  };
}
