/**
 * Recovers the complete elements of `log.entries` (and `log.pages`) from text that is not valid JSON,
 * typically a HAR file cut off by a full disk, a size limit or a copy-paste. Every complete entry
 * before the damage is kept; the cut one is reported.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  endOfJsonString,
  isJsonWhitespace,
} from './json-chars.ts';
import { readBareToken, startsBareToken } from './bare-token.ts';

/** What `salvageArray` recovered. */
export interface SalvagedArray {
  /** Parsed elements; `undefined` where an element could not be parsed (see `damaged`). */
  items: unknown[];
  /** Element index → why it could not be read. */
  damaged: Map<number, string>;
  /** False when the text ends before the array's closing bracket. */
  complete: boolean;
}

/** Finds `"key": [` directly inside `log` (depth 2) and salvages its elements. */
export function salvageArray(text: string, key: string): SalvagedArray | undefined {
  const start = findArrayInLog(text, key);
  if (start < 0) return undefined;
  const items: unknown[] = [];
  const damaged = new Map<number, string>();
  let i = start;
  const n = text.length;
  for (;;) {
    i = skipSeparators(text, i);
    if (i >= n) return { items, damaged, complete: false };
    if (text.charCodeAt(i) === CLOSE_BRACKET) return { items, damaged, complete: true };
    const end = endOfValue(text, i);
    if (end < 0) {
      damaged.set(items.length, 'the file ends inside this entry; it was not read.');
      items.push(undefined);
      return { items, damaged, complete: false };
    }
    if (startsBareToken(text.charCodeAt(i))) {
      const token = readBareToken(text.slice(i, end));
      if ('value' in token) items.push(token.value);
      else {
        damaged.set(items.length, `damaged JSON (${token.problem}); entry not read.`);
        items.push(undefined);
      }
      i = end;
      continue;
    }
    try {
      items.push(JSON.parse(text.slice(i, end)));
    } catch (e) {
      damaged.set(items.length, `damaged JSON (${(e as Error).message}); entry not read.`);
      items.push(undefined);
    }
    i = end;
  }
}

function findArrayInLog(text: string, key: string): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfJsonString(text, i);
      if (end < 0) return -1;
      if (depth === 2 && end - i === key.length + 2 && text.startsWith(key, i + 1)) {
        let j = skipWhitespace(text, end);
        if (text.charCodeAt(j) !== COLON) continue;
        j = skipWhitespace(text, j + 1);
        if (text.charCodeAt(j) === OPEN_BRACKET) return j + 1;
      }
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return -1;
}

/** Index just past the JSON value starting at `i`, or -1 if the text ends first. */
function endOfValue(text: string, i: number): number {
  const n = text.length;
  const first = text.charCodeAt(i);
  if (first === QUOTE) return endOfJsonString(text, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A bare literal or number (or junk): runs to the next separator, at least one character.
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isJsonWhitespace(c)) return j;
    }
    return -1;
  }
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      const end = endOfJsonString(text, j);
      if (end < 0) return -1;
      j = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

function skipSeparators(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== COMMA && !isJsonWhitespace(c)) break;
    i++;
  }
  return i;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}
