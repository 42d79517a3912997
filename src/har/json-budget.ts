/**
 * Whether `JSON.parse` of a text stays within a memory budget. Bytes alone do not bound what it
 * needs: `{}` is 2 bytes of text and some 40 of heap, so 60 MB of empty objects or nested brackets
 * took 3 GB. Counting the objects, arrays and commas outside strings, and the deepest nesting,
 * does: one linear pass, strings skipped as the salvage of a cut file skips them.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  endOfJsonString,
} from './json-chars.ts';

export interface JsonBudget {
  /** Objects, arrays and commas, outside strings. */
  maxValues: number;
  /** Levels of nesting. */
  maxDepth: number;
}

export function withinJsonBudget(text: string, budget: JsonBudget): boolean {
  let values = 0;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfJsonString(text, i);
      if (end < 0) return true; // cut inside a string: nothing more to parse
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++values > budget.maxValues || ++depth > budget.maxDepth) return false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COMMA && ++values > budget.maxValues) {
      return false;
    }
  }
  return true;
}
