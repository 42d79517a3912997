/**
 * The panel's "Open HAR…": small files are read whole (every entry, same-origin ones too, for the
 * Same-origin toggle); big ones stream through the same bounded reader as the CLI
 * (`src/har/stream-reader.ts`), keeping at most `MAX_STREAMED_EXCHANGES` rows; bigger still are
 * refused with a message, so a file can never freeze or crash DevTools.
 */
import type { Exchange, InputError } from '../../../src/cors/types.ts';
import {
  createHarStreamReader,
  MAX_ELEMENT_DEPTH,
  withinJsonBudget,
} from '../../../src/har/index.ts';
import { hasBlockedMarkField } from '../client/panel-client.ts';

/** Read whole up to this size (`JSON.parse` needs a few times the file in memory). */
export const DIRECT_READ_BYTES = 64 * 1024 * 1024;
/** Streamed up to this size; refused above. */
export const MAX_HAR_BYTES = 1024 * 1024 * 1024;
/**
 * What a file read whole may hold. A real HAR has a JSON value every 20 bytes or so (about 3 million
 * in 64 MiB); 60 MB of `{},` or of nested brackets has one every 3 and took 3 GB to parse. Such a
 * file is streamed instead, where each entry has its own limits (`src/har/entry-scanner.ts`).
 */
export const WHOLE_READ_BUDGET = { maxValues: 8_000_000, maxDepth: MAX_ELEMENT_DEPTH + 3 };
/** Rows a streamed file may add to the list. */
export const MAX_STREAMED_EXCHANGES = 20_000;

export interface HarBlob {
  name: string;
  size: number;
  text(): Promise<string>;
  stream(): ReadableStream<Uint8Array>;
}

export type OpenHarPlan = 'direct' | 'stream' | 'refuse';

export function planFor(size: number): OpenHarPlan {
  if (size > MAX_HAR_BYTES) return 'refuse';
  return size > DIRECT_READ_BYTES ? 'stream' : 'direct';
}

export function refusal(file: { name: string; size: number }): InputError {
  return {
    path: '',
    message: `${file.name} is ${mib(file.size)}: the panel opens HAR files up to ${mib(MAX_HAR_BYTES)}. Use the command line for it: npx cors-lens explain ${file.name}`,
  };
}

/** Whether a file planned `direct` may be parsed whole: its shape, not only its size, decides. */
export function fitsWholeRead(text: string): boolean {
  return withinJsonBudget(text, WHOLE_READ_BUDGET);
}

/**
 * Streams a big HAR (or one too dense to parse whole: `why` is `'shape'`) into exchanges, bounded
 * in memory; what was left out is said in `errors`.
 */
export async function streamHar(
  file: HarBlob,
  why: 'size' | 'shape' = 'size',
  maxExchanges = MAX_STREAMED_EXCHANGES,
): Promise<{ exchanges: Exchange[]; errors: InputError[]; marked: boolean }> {
  const exchanges: Exchange[] = [];
  let left = 0;
  let marked = false;
  const reader = createHarStreamReader({
    onEntry(entry) {
      if (!marked) marked = hasBlockedMarkField(entry);
    },
    onExchange(exchange) {
      if (exchanges.length < maxExchanges) exchanges.push(exchange);
      else left++;
    },
  });
  const chunks = file.stream().getReader();
  for (;;) {
    const { done, value } = await chunks.read();
    if (done) break;
    reader.write(value);
  }
  const summary = reader.end();
  const errors = [...summary.errors];
  errors.unshift({
    path: '',
    message:
      why === 'size'
        ? `${file.name} is ${mib(file.size)}: read in streaming mode (over ${mib(DIRECT_READ_BYTES)}); same-origin requests are not listed.`
        : `${file.name} holds more JSON values or deeper nesting than a HAR file of its size: read in streaming mode, entry by entry; same-origin requests are not listed.`,
  });
  if (left > 0) {
    errors.push({
      path: '',
      message: `only the first ${maxExchanges} cross-origin requests are listed; ${left} more are in the file (the command line reports them all).`,
    });
  }
  return { exchanges, errors, marked };
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MiB`;
}
