/**
 * Finds the elements of `log.entries` (and `log.pages`) in a HAR file that arrives in chunks of
 * bytes, without ever holding more than one element: the streaming front of the HAR reader.
 *
 * One pass, one state machine, constant work per byte: string contents are skipped with
 * `indexOf` for the next quote, brackets only move a depth counter, and each element's bytes
 * are handed to `JSON.parse` once complete. A home-made scanner rather than a streaming JSON
 * parser from npm: the ones tried (`@streamparser/json`) tokenize every value in JavaScript and
 * cost 2.5× `JSON.parse` alone; this costs a byte loop plus the native parse of each element.
 * It checks structure only as far as it needs to: an element's own JSON is checked by
 * `JSON.parse`, and a damaged element is reported and skipped, like `salvage.ts` does for text.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  isJsonWhitespace,
} from './json-chars.ts';
import { readBareToken, startsBareToken } from './bare-token.ts';

/** Web-standard global (browsers and Node); `src/` compiles without DOM types. */
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

export type ScannedArray = 'entries' | 'pages';

export interface ScanSink {
  /** A complete element of `entries` or `pages`, parsed; `damage` when it was not valid JSON. */
  element(array: ScannedArray, index: number, value: unknown, damage?: string): void;
}

export interface ScanEnd {
  /** The `entries` array was found. */
  foundEntries: boolean;
  /** The input ended before the whole document was closed. */
  truncated: boolean;
  /** The input ended inside an element of `entries`: its index. */
  cutEntry?: number;
  /** What the first bytes were, when the input is not a JSON object. */
  notJson?: 'empty' | 'html' | 'array' | 'other';
  /** Bytes read. */
  bytes: number;
  /** Entries larger than `maxElementBytes`, skipped: their indexes (the first 100). */
  oversized: number[];
}

export interface EntryScanner {
  write(chunk: Uint8Array): void;
  end(): ScanEnd;
}

/** Above this, an element is skipped and reported instead of parsed: it could not fit in memory. */
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

/**
 * Above this many objects, arrays and commas, an element is skipped and reported too. Bytes alone
 * do not bound the memory `JSON.parse` needs: `{}` is 2 bytes of text and some 40 of heap, so 60 MB
 * of empty objects or nested brackets took 3 GB. A real entry, Chrome's initiator stack traces
 * included, has tens of thousands.
 */
export const MAX_ELEMENT_VALUES = 1_000_000;

/**
 * Deeper than this (the element itself is level 1) is not a HAR entry: they nest about ten levels,
 * Chrome's initiator stack traces some more.
 */
export const MAX_ELEMENT_DEPTH = 1000;

/** Keys longer than this are never `log`, `entries` or `pages`: not kept. */
const MAX_KEY = 16;

export function createEntryScanner(
  sink: ScanSink,
  opts: { maxElementBytes?: number; maxElementValues?: number; maxElementDepth?: number } = {},
): EntryScanner {
  const maxElementBytes = opts.maxElementBytes ?? MAX_ELEMENT_BYTES;
  const maxElementValues = opts.maxElementValues ?? MAX_ELEMENT_VALUES;
  const maxElementDepth = opts.maxElementDepth ?? MAX_ELEMENT_DEPTH;
  const decoder = new TextDecoder();
  let bytes = 0;
  let started = false;
  let notJson: ScanEnd['notJson'];
  let inString = false;
  /** The byte after a backslash inside a string is taken as is. */
  let escaped = false;
  let depth = 0;
  /** The last string read directly inside the root (`key1`) and inside `log` (`key2`). */
  let key1 = '';
  let key2 = '';
  let keyTooLong = false;
  let keyCapture: number[] | undefined;
  /** Inside the root's `log` object. */
  let inLog = false;
  let array: ScannedArray | undefined;
  let arrayDepth = -1;
  let foundEntries = false;
  const counts = { entries: 0, pages: 0 };
  /** The element being read: its parts so far, and whether it is too big to keep. */
  let parts: Uint8Array[] = [];
  let elementBytes = 0;
  let inElement = false;
  let elementIsPrimitive = false;
  let oversizedElement = false;
  /** Objects, arrays and commas of the element so far, and whether it went past a limit. */
  let elementValues = 0;
  let tooComplexElement = false;
  const oversized: number[] = [];

  function startElement(): void {
    inElement = true;
    parts = [];
    elementBytes = 0;
    oversizedElement = false;
    elementValues = 0;
    tooComplexElement = false;
  }

  /** From now on the element's bytes are dropped: it is reported, never parsed. */
  function markTooComplex(): void {
    tooComplexElement = true;
    parts = [];
  }

  function keep(chunk: Uint8Array, from: number, to: number): void {
    if (oversizedElement || tooComplexElement || to <= from) return;
    elementBytes += to - from;
    if (elementBytes > maxElementBytes) {
      oversizedElement = true;
      parts = [];
      return;
    }
    parts.push(chunk.subarray(from, to));
  }

  function finishElement(): void {
    inElement = false;
    const kind = array!;
    const index = counts[kind]++;
    if (oversizedElement) {
      if (kind === 'entries' && oversized.length < 100) oversized.push(index);
      sink.element(
        kind,
        index,
        undefined,
        `this entry is ${Math.round(elementBytes / 1048576)}+ MiB, more than the ${Math.round(maxElementBytes / 1048576)} MiB one entry may take; it was not read.`,
      );
      return;
    }
    if (tooComplexElement) {
      sink.element(
        kind,
        index,
        undefined,
        `this entry has more than ${maxElementValues.toLocaleString('en-US')} JSON values or nests deeper than ${maxElementDepth} levels, far beyond any HAR entry; it was not read.`,
      );
      return;
    }
    const text = decoder.decode(parts.length === 1 ? parts[0]! : concat(parts, elementBytes));
    parts = [];
    if (elementIsPrimitive && startsBareToken(text.charCodeAt(0))) {
      const token = readBareToken(text);
      if ('value' in token) sink.element(kind, index, token.value);
      else sink.element(kind, index, undefined, `damaged JSON (${token.problem}); entry not read.`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message.replace(/\s+/g, ' ').slice(0, 200);
      sink.element(kind, index, undefined, `damaged JSON (${message}); entry not read.`);
      return;
    }
    sink.element(kind, index, value);
  }

  /**
   * `{"log": {"entries": [`: the array is at depth 3 inside the `log` object. `{"entries": [` (the
   * log alone, as `getHAR()` gives it): at depth 2. A container at depth 2 or 3 is the value of the
   * last key read at the depth above, since both parents are objects.
   */
  function openContainer(c: number): void {
    depth++;
    if (array !== undefined) return;
    if (depth === 2) {
      if (key1 === 'entries' || key1 === 'pages') enterArray(key1, c);
      else if (key1 === 'log' && c === OPEN_BRACE) inLog = true;
    } else if (depth === 3 && inLog && (key2 === 'entries' || key2 === 'pages')) {
      enterArray(key2, c);
    }
  }

  function enterArray(name: ScannedArray, c: number): void {
    if (c !== OPEN_BRACKET) return;
    array = name;
    arrayDepth = depth;
    if (name === 'entries') foundEntries = true;
  }

  function closeContainer(): void {
    if (depth === arrayDepth) {
      array = undefined;
      arrayDepth = -1;
    }
    if (depth === 2) inLog = false;
    depth--;
  }

  /**
   * Skips through an object or array element from `from`: returns the index just past its closing
   * bracket, or -1 when the chunk ends first (the string and escape state carry over to the next
   * chunk). Only quotes, backslashes inside strings, brackets and commas matter here, so it is a
   * plain loop over bytes with the state in locals: most of the file is inside elements.
   */
  function skipElement(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    const stop = arrayDepth;
    const deepest = stop + maxElementDepth;
    let i = from;
    let d = depth;
    let str = inString;
    let values = elementValues;
    let complex = tooComplexElement;
    if (escaped) {
      escaped = false;
      i++; // the byte after a backslash that ended the previous chunk
    }
    for (;;) {
      if (str) {
        for (;;) {
          if (i >= n) {
            depth = d;
            elementValues = values;
            inString = true;
            return -1;
          }
          const c = chunk[i++]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            if (i >= n) {
              depth = d;
              elementValues = values;
              inString = true;
              escaped = true;
              return -1;
            }
            i++;
          }
        }
        str = false;
      }
      if (i >= n) {
        depth = d;
        elementValues = values;
        inString = false;
        return -1;
      }
      const c = chunk[i++]!;
      if (c === QUOTE) str = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        d++;
        if (!complex && (++values > maxElementValues || d > deepest)) {
          complex = true;
          markTooComplex();
        }
      } else if (c === COMMA) {
        if (!complex && ++values > maxElementValues) {
          complex = true;
          markTooComplex();
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        d--;
        if (d === stop) {
          depth = d;
          elementValues = values;
          inString = false;
          return i;
        }
      }
    }
  }

  return {
    write(chunk) {
      const n = chunk.length;
      let i = 0;
      if (!started) {
        if (bytes === 0 && n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          i = 3; // a UTF-8 byte-order mark
        }
        while (i < n && isJsonWhitespace(chunk[i]!)) i++;
        if (i < n) {
          started = true;
          const c = chunk[i]!;
          if (c !== OPEN_BRACE)
            notJson = c === 60 ? 'html' : c === OPEN_BRACKET ? 'array' : 'other';
        }
      }
      bytes += n;
      if (notJson !== undefined) return;
      let elementFrom = inElement ? i : -1;
      while (i < n) {
        if (inElement && !elementIsPrimitive) {
          // Inside an entry: the tight loop, to its closing bracket or the chunk's end.
          const end = skipElement(chunk, i);
          if (end < 0) break;
          keep(chunk, elementFrom, end);
          finishElement();
          elementFrom = -1;
          i = end;
          continue;
        }
        if (inString) {
          if (escaped) {
            escaped = false;
            if (keyCapture) keyCapture.push(chunk[i]!);
            i++;
            continue;
          }
          if (keyCapture === undefined) {
            // Jump to the next quote; a run of backslashes before it decides whether it ends the string.
            const q = chunk.indexOf(QUOTE, i);
            if (q < 0) {
              escaped = trailingBackslashes(chunk, i, n) % 2 === 1;
              break;
            }
            const run = trailingBackslashes(chunk, i, q);
            if (run % 2 === 1) {
              i = q + 1; // an escaped quote
              continue;
            }
            inString = false;
            i = q + 1;
            continue;
          }
          const c = chunk[i]!;
          if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            const key = keyTooLong ? '' : String.fromCharCode(...keyCapture);
            if (depth === 1) key1 = key;
            else key2 = key;
            keyCapture = undefined;
          } else if (keyCapture.length < MAX_KEY) keyCapture.push(c);
          else keyTooLong = true;
          i++;
          continue;
        }
        const c = chunk[i]!;
        if (array !== undefined && depth === arrayDepth && !inElement) {
          // Between elements: a new element starts at its first significant byte.
          if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
            closeContainer();
            i++;
            continue;
          }
          if (isJsonWhitespace(c) || c === COMMA) {
            i++;
            continue;
          }
          startElement();
          elementFrom = i;
          elementIsPrimitive = c !== OPEN_BRACE && c !== OPEN_BRACKET;
        }
        if (c === QUOTE) {
          inString = true;
          if (array === undefined && (depth === 1 || (depth === 2 && inLog))) {
            keyCapture = [];
            keyTooLong = false;
          }
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          openContainer(c);
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (inElement && elementIsPrimitive && depth === arrayDepth) {
            keep(chunk, elementFrom, i);
            finishElement();
            elementFrom = -1;
            continue; // the bracket closes the array: handled as "between elements"
          }
          closeContainer();
          if (inElement && depth === arrayDepth) {
            keep(chunk, elementFrom, i + 1);
            finishElement();
            elementFrom = -1;
          }
        } else if (c === COMMA && inElement && elementIsPrimitive && depth === arrayDepth) {
          keep(chunk, elementFrom, i);
          finishElement();
          elementFrom = -1;
        }
        i++;
      }
      if (inElement && elementFrom >= 0) keep(chunk, elementFrom, n);
    },
    end() {
      const out: ScanEnd = {
        foundEntries,
        truncated: started && notJson === undefined && (depth > 0 || inString),
        bytes,
        oversized,
      };
      if (!started) out.notJson = 'empty';
      else if (notJson !== undefined) out.notJson = notJson;
      if (inElement && array === 'entries') out.cutEntry = counts.entries;
      return out;
    },
  };
}

/** How many backslashes end `chunk[from, to)`. */
function trailingBackslashes(chunk: Uint8Array, from: number, to: number): number {
  let k = to;
  while (k > from && chunk[k - 1] === BACKSLASH) k--;
  return to - k;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
