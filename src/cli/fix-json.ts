import type { Fix } from '../fixes/types.ts';
import { redactForOutput, redactNewText, type RedactOptions } from '../report/index.ts';

/** Web-standard global (browsers and Node); `src/` compiles without DOM types. */
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/**
 * A `--json` row as it is written (this module owns the row's JSON form: `jsonRow` too), as UTF-8,
 * with its fixes written straight from the fix objects: the bytes
 * `JSON.stringify(redactForOutput(row), null, 2)` gives at the row's depth, but each distinct
 * text of a fix redacted, escaped and encoded once. Fixes are most of a blocked row, and most of
 * their texts repeat from row to row even when no request does (the notes of a stack, and its
 * snippet for one API): redacting and serialising them anew was a third of `--json`'s time.
 *
 * Exact: redaction of a fix is `redactText` of each of its texts, as `redactForOutput` walks it
 * (here `redactNewText`: the same without its memo, as this module keeps its own), as long as no
 * object in it holds `name`, `header`, `value` or `cookies` (which the walk treats as headers and
 * cookies); a fix that does, or holds anything but JSON data, goes the generic way.
 */
export interface FixJson {
  /**
   * The row's parts (`,` first): `head` (the row but its `fixes`, redacted through the walk and
   * written by `jsonRow`), the fixes, and `fixesOmitted` after them when set. Parts are shared:
   * never written to.
   */
  row(head: object, fixes: readonly Fix[], omitted: number | undefined): Uint8Array[];
  /** Characters the memo holds now (texts and their bytes): at most its bound, or one text. */
  memoChars(): number;
}

/**
 * Texts encoded at most (keys and bytes); past it the memo starts again. A snippet comes back
 * when its API does, often thousands of exchanges later: on the 300 MB all-blocked file where no
 * exchange repeats, 32 Mi instead of 8 Mi cut `--json`'s CPU by 10–14% (3 runs each, default
 * and 512 MB heaps) for about 30–50 MB more at the peak (308 → 338 MiB, 182 → 230 MiB).
 */
const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;
/** Deeper than a fix nests: not a fix as the CLI makes them. */
const MAX_DEPTH = 16;
/** Keys `redactForOutput` treats as header pairs and cookie lists. */
const SPECIAL_KEYS: ReadonlySet<string> = new Set(['name', 'header', 'value', 'cookies']);

const encoder = new TextEncoder();
const bytesOf = (text: string): Uint8Array => encoder.encode(text);

/** The row's own last line (`jsonRow` indents rows by 4), and a fix's depth in levels (8 spaces). */
const ROW_CLOSE = '\n    }';
const FIXES_INDENT = 4;

class NotPlainData extends Error {}

export function createFixJson(
  redaction: RedactOptions,
  maxChars: number = DEFAULT_MAX_CHARS,
): FixJson {
  const texts = new Map<string, Uint8Array>();
  let held = 0;
  /** Per depth (2 spaces a level): a new line and its indentation, then `"key": `, by key. */
  const keyLines: Map<string, Uint8Array>[] = [];
  const itemStarts: Uint8Array[] = [];
  const objectEnds: Uint8Array[] = [];
  const arrayEnds: Uint8Array[] = [];
  const COMMA = bytesOf(',');
  const OPEN_OBJECT = bytesOf('{');
  const OPEN_ARRAY = bytesOf('[');
  const EMPTY_OBJECT = bytesOf('{}');
  const EMPTY_ARRAY = bytesOf('[]');

  const indent = (depth: number) => `\n${'  '.repeat(depth)}`;
  const itemStart = (depth: number) => (itemStarts[depth] ??= bytesOf(indent(depth)));
  const objectEnd = (depth: number) => (objectEnds[depth] ??= bytesOf(`${indent(depth)}}`));
  const arrayEnd = (depth: number) => (arrayEnds[depth] ??= bytesOf(`${indent(depth)}]`));
  const keyLine = (depth: number, key: string): Uint8Array => {
    const lines = (keyLines[depth] ??= new Map());
    let line = lines.get(key);
    if (line === undefined) {
      line = bytesOf(`${indent(depth)}${JSON.stringify(key)}: `);
      lines.set(key, line);
    }
    return line;
  };

  /** A text as it is written: redacted, as a JSON string, UTF-8. */
  const text = (value: string): Uint8Array => {
    let bytes = texts.get(value);
    if (bytes === undefined) {
      bytes = bytesOf(JSON.stringify(redactNewText(value, redaction)));
      const size = value.length + bytes.length;
      held += size;
      if (held > maxChars) {
        texts.clear();
        held = size;
      }
      texts.set(value, bytes);
    }
    return bytes;
  };

  /** Writes `value` as it stands `depth` levels deep (2 spaces each), or throws `NotPlainData`. */
  const write = (value: unknown, depth: number, parts: Uint8Array[]): void => {
    if (typeof value === 'string') parts.push(text(value));
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null)
      parts.push(bytesOf(JSON.stringify(value)));
    else if (Array.isArray(value)) {
      if (value.length === 0) return void parts.push(EMPTY_ARRAY);
      if (depth >= MAX_DEPTH) throw new NotPlainData();
      parts.push(OPEN_ARRAY);
      for (let i = 0; i < value.length; i++) {
        if (i > 0) parts.push(COMMA);
        parts.push(itemStart(depth + 1));
        const item: unknown = value[i];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
          throw new NotPlainData();
        write(item, depth + 1, parts);
      }
      parts.push(arrayEnd(depth));
    } else if (typeof value === 'object' && isPlainObject(value)) {
      if (depth >= MAX_DEPTH) throw new NotPlainData();
      const record = value as Record<string, unknown>;
      let first = true;
      for (const key of Object.keys(record)) {
        if (SPECIAL_KEYS.has(key)) throw new NotPlainData();
        const item = record[key];
        // JSON.stringify leaves these keys out, as the walk's copy keeps them for it to do.
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        parts.push(first ? OPEN_OBJECT : COMMA, keyLine(depth + 1, key));
        first = false;
        write(item, depth + 1, parts);
      }
      parts.push(first ? EMPTY_OBJECT : objectEnd(depth));
    } else throw new NotPlainData();
  };

  /** One fix, 4 levels deep; the generic way (walk, stringify, encode) when it is not plain data. */
  const fixParts = (fix: Fix, parts: Uint8Array[]): void => {
    const at = parts.length;
    try {
      write(fix, FIXES_INDENT, parts);
    } catch (e) {
      if (!(e instanceof NotPlainData)) throw e;
      parts.length = at;
      const json = JSON.stringify(redactForOutput(fix, redaction), null, 2);
      parts.push(bytesOf(json.replaceAll('\n', indent(FIXES_INDENT))));
    }
  };

  return {
    row(head, fixes, omitted) {
      const headText = jsonRow(redactForOutput(head, redaction));
      const parts: Uint8Array[] = [
        COMMA,
        bytesOf(`${headText.slice(0, headText.length - ROW_CLOSE.length)},\n      "fixes": `),
      ];
      if (fixes.length === 0) parts.push(EMPTY_ARRAY);
      else {
        parts.push(OPEN_ARRAY);
        for (let i = 0; i < fixes.length; i++) {
          if (i > 0) parts.push(COMMA);
          parts.push(itemStart(FIXES_INDENT));
          fixParts(fixes[i]!, parts);
        }
        parts.push(arrayEnd(FIXES_INDENT - 1));
      }
      parts.push(
        bytesOf(
          `${omitted === undefined ? '' : `,\n      "fixesOmitted": ${omitted}`}${ROW_CLOSE}`,
        ),
      );
      return parts;
    },
    memoChars: () => held,
  };
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * One row as `JSON.stringify({ exchanges: rows }, null, 2)` writes it between `[` and `]`: on
 * its own line, indented by 4, its inner lines by 4 more.
 */
export function jsonRow(row: object): string {
  // Nested two deep, JSON.stringify indents the row itself: no second pass over the text to
  // indent it. `[\n  [` before the row and `\n  ]\n]` after it are cut off.
  const nested = JSON.stringify([[row]], null, 2);
  return nested.slice(ROW_HEAD.length, nested.length - ROW_TAIL.length);
}

const ROW_HEAD = '[\n  [';
const ROW_TAIL = '\n  ]\n]';

/** The same bytes as `JSON.stringify(whole, null, 2)` would give for a nested value. */
export function indentJson(json: string, by: string): string {
  return by + json.replaceAll('\n', `\n${by}`);
}
