import type { Exchange } from '../../../src/cors/types.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { makeRecord, type ExchangeRecord } from './exchange-record.ts';

/**
 * The panel's bounded memory: at most `cap` exchanges, oldest dropped first. Updates of an exchange
 * already shown (its request arriving after its preflight, a redirect hop) replace the row in place.
 */
export class ExchangeLog {
  private records: ExchangeRecord[] = [];
  private byId = new Map<string, ExchangeRecord>();
  private nextKey = 1;
  /** How many were dropped to stay under the cap since the last clear. */
  dropped = 0;
  /** True when the last batch replaced rows (not only appended): views must be rebuilt. */
  private replaced = false;
  private appendedFrom = 0;

  constructor(readonly cap: number) {}

  get all(): readonly ExchangeRecord[] {
    return this.records;
  }

  upsert(
    exchange: Exchange,
    overrides: readonly Override[],
    tabId: number | undefined,
    marked: boolean,
  ): ExchangeRecord {
    const known = exchange.id === undefined ? undefined : this.byId.get(exchange.id);
    if (known) {
      // Keep the key (and the overrides of the first sighting: they were active when it was sent).
      const record = makeRecord(known.key, exchange, known.overrides, tabId, marked);
      const index = this.indexOf(known.key);
      if (index >= 0) {
        this.records[index] = record;
        this.replaced ||= index < this.appendedFrom;
      }
      this.byId.set(exchange.id!, record);
      return record;
    }
    const record = makeRecord(this.nextKey++, exchange, overrides, tabId, marked);
    this.records.push(record);
    if (exchange.id !== undefined) this.byId.set(exchange.id, record);
    this.trim();
    return record;
  }

  clear(): void {
    this.records = [];
    this.byId.clear();
    this.dropped = 0;
    this.replaced = true;
    this.appendedFrom = 0;
  }

  /**
   * What changed since the last call: either only appended rows (cheap to add to a filtered view)
   * or anything else (rebuild). Resets the change tracking.
   */
  takeChanges(): { rebuild: true } | { rebuild: false; appended: readonly ExchangeRecord[] } {
    const result = this.replaced
      ? ({ rebuild: true } as const)
      : ({ rebuild: false, appended: this.records.slice(this.appendedFrom) } as const);
    this.replaced = false;
    this.appendedFrom = this.records.length;
    return result;
  }

  private trim(): void {
    if (this.records.length <= this.cap) return;
    // Drop a tenth at once: one splice per thousand rows instead of a shift per row.
    const excess = this.records.length - this.cap + Math.floor(this.cap / 10);
    for (const gone of this.records.splice(0, excess)) {
      if (gone.exchange.id !== undefined) this.byId.delete(gone.exchange.id);
    }
    this.dropped += excess;
    this.replaced = true;
    this.appendedFrom = 0;
  }

  /** Keys grow with position, so a binary search finds a row. */
  private indexOf(key: number): number {
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.records[mid]!.key;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
