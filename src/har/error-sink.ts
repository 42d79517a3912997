import type { InputError } from '../cors/types.ts';

/** Errors beyond this are counted, not listed: a broken 100 MB file must not make a 100 MB report. */
export const MAX_LISTED_ERRORS = 500;

export interface ErrorSink {
  add(path: string, message: string): void;
  /** The listed errors, plus one line saying how many more there were. */
  list(): InputError[];
  /** Every error added, listed or not. */
  count(): number;
}

export function createErrorSink(limit = MAX_LISTED_ERRORS): ErrorSink {
  const errors: InputError[] = [];
  let dropped = 0;
  return {
    add(path, message) {
      if (errors.length < limit) errors.push({ path, message });
      else dropped++;
    },
    list() {
      if (dropped === 0) return errors.slice();
      return [
        ...errors,
        { path: '', message: `…and ${dropped} more problem(s) not listed (first ${limit} shown).` },
      ];
    },
    count: () => errors.length + dropped,
  };
}

/** A short description of a JSON value's type for messages: `got a string`, `got null`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** Where an entry is, to build error paths lazily (no closure per entry: this runs 20,000 times). */
export interface At {
  prefix: string;
  index: number;
}

export function pathAt(at: At, suffix: string): string {
  return `${at.prefix}[${at.index}]${suffix}`;
}
