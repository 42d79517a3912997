import type { Exchange, InputError } from '../cors/types.ts';
import {
  createAssemblerCore,
  DEFAULT_RETENTION,
  PRUNE_EVERY,
  type Chain,
  type HarRetention,
} from './assembler.ts';
import { createEntryScanner, MAX_ELEMENT_BYTES, type ScanEnd } from './entry-scanner.ts';
import { toExchange } from './materialize.ts';
import { httpOriginOf } from './origin.ts';
import type { SkipReason } from './types.ts';

/**
 * A HAR file read as a stream of bytes, with memory bounded whatever its size: entries stream in
 * (`entry-scanner.ts`), exchanges stream out once final (the live assembler's pruning says when
 * nothing can join them any more), in the order of the file, as `readHar` lists them.
 *
 * The pairing rules are `readHar`'s; only the retention window differs: a preflight or a redirect's
 * next hop more than `retain` away from its request (thousands of entries, or minutes of the
 * recording's clock) is not joined. Browsers record them next to each other.
 */
export interface HarStreamReader {
  write(chunk: Uint8Array): void;
  /** Flushes the last exchanges; the summary of the whole input. */
  end(): HarStreamSummary;
}

export interface HarStreamSummary {
  entriesRead: number;
  exchanges: number;
  skipped: Record<SkipReason, number>;
  /** Problems with the input; the first says when the file as a whole could not be read. */
  errors: InputError[];
  /** How many problems there were (`errors` lists the first 500 of the entries' own). */
  errorCount: number;
  /** Nothing could be read: not a HAR file, or empty. */
  unreadable: boolean;
  bytes: number;
}

export interface HarStreamOptions {
  onExchange(exchange: Exchange): void;
  /** Every parsed entry, as read (before it is folded into an exchange). */
  onEntry?(entry: unknown): void;
  /** Origin of the inspected page, the last resort for an entry's initiator. */
  pageOrigin?: string;
  retain?: HarRetention;
  /** One entry larger than this is reported and skipped (default 64 MiB). */
  maxEntryBytes?: number;
}

/**
 * As many open exchanges as the live panel holds, and a longer time (a file is read once, in
 * recording order). Not wider: every exchange held is memory the reader walks again and again;
 * twice the count (4,000) cost 5–10% more CPU in `cors-lens explain --json` of a 100 MB HAR
 * (best of 5 runs each, docs/cli.md).
 */
export const STREAM_RETENTION: Required<HarRetention> = {
  maxChains: DEFAULT_RETENTION.maxChains,
  maxAgeMs: 600_000,
};
/** `log.pages` kept for page origins: more than any real recording has. */
const MAX_PAGES = 10_000;

export function createHarStreamReader(opts: HarStreamOptions): HarStreamReader {
  const retain = opts.retain ?? STREAM_RETENTION;
  const pageOrigins: Record<string, string> = Object.create(null) as Record<string, string>;
  let pages = 0;
  /** Chains in creation order, until emitted; `forgotten` marks the ones that are final. */
  const queue: Chain[] = [];
  let head = 0;
  const forgotten = new Set<Chain>();
  const known = new Set<Chain>();
  let exchanges = 0;

  const core = createAssemblerCore(
    { pageOrigins, ...(opts.pageOrigin === undefined ? {} : { pageOrigin: opts.pageOrigin }) },
    { onForget: (chain) => forgotten.add(chain) },
  );

  /** Emits final chains from the front of the queue, so the output keeps the file's order. */
  function drain(): void {
    while (head < queue.length && forgotten.has(queue[head]!)) {
      const chain = queue[head++]!;
      forgotten.delete(chain);
      known.delete(chain);
      if (chain.crossOrigin) {
        exchanges++;
        opts.onExchange(toExchange(chain));
      }
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  }

  let sincePrune = 0;
  const scanner = createEntryScanner(
    {
      element(array, index, value, damage) {
        if (array === 'pages') {
          if (damage === undefined && pages++ < MAX_PAGES) addPage(pageOrigins, value);
          return;
        }
        if (damage !== undefined) {
          core.ingestDamaged(damage);
        } else {
          opts.onEntry?.(value);
          const chain = core.ingest(value);
          if (chain !== undefined && !known.has(chain)) {
            known.add(chain);
            queue.push(chain);
          }
        }
        if (++sincePrune >= PRUNE_EVERY) {
          sincePrune = 0;
          core.prune(undefined, retain);
          drain();
        }
      },
    },
    { maxElementBytes: opts.maxEntryBytes ?? MAX_ELEMENT_BYTES },
  );

  return {
    write: (chunk) => scanner.write(chunk),
    end() {
      const scan = scanner.end();
      // Everything left is final now: a prune that keeps nothing forgets it all.
      core.prune(Infinity, { maxChains: 1, maxAgeMs: 0 });
      for (let i = head; i < queue.length; i++) forgotten.add(queue[i]!);
      drain();
      const entriesRead = core.stats().entriesRead;
      const whole = wholeFileErrors(scan, entriesRead);
      const read = core.snapshot();
      return {
        entriesRead,
        exchanges,
        skipped: core.skippedTotal(),
        errors: [...whole, ...read.errors],
        errorCount: whole.length + (read.errorCount ?? read.errors.length),
        unreadable: scan.notJson !== undefined || !scan.foundEntries,
        bytes: scan.bytes,
      };
    },
  };
}

function addPage(origins: Record<string, string>, page: unknown): void {
  if (typeof page !== 'object' || page === null) return;
  const { id, title } = page as { id?: unknown; title?: unknown };
  if (typeof id !== 'string' || typeof title !== 'string') return;
  const origin = httpOriginOf(title);
  if (origin !== null) origins[id] = origin;
}

/** What `readHar` says about a file that is not a HAR, or is cut off, in the same words. */
function wholeFileErrors(scan: ScanEnd, entriesRead: number): InputError[] {
  switch (scan.notJson) {
    case 'empty':
      return [{ path: '', message: 'the input is empty: expected a HAR file (JSON).' }];
    case 'html':
      return [
        {
          path: '',
          message:
            'this is HTML or XML, not a HAR file. In DevTools, use the Network panel\'s "Export HAR" button.',
        },
      ];
    case 'array':
      return [
        {
          path: '',
          message: 'not a HAR file: expected {"log": {"entries": [...]}}, got an array.',
        },
      ];
    case 'other':
      return [{ path: '', message: 'not a HAR file: it is not JSON.' }];
    case undefined:
      break;
  }
  if (!scan.foundEntries) {
    return [
      {
        path: '',
        message: scan.truncated
          ? 'the file is cut off before any HAR entry, and no HAR entries could be recovered.'
          : 'not a HAR file: there is no "log.entries" array (expected {"log": {"entries": [...]}}).',
      },
    ];
  }
  if (!scan.truncated) return [];
  const errors: InputError[] = [
    {
      path: '',
      message: `the file is cut off; read the ${entriesRead} complete entries before the cut.`,
    },
  ];
  if (scan.cutEntry !== undefined) {
    errors.push({
      path: `log.entries[${scan.cutEntry}]`,
      message: 'the file ends inside this entry; it was not read.',
    });
  }
  return errors;
}
