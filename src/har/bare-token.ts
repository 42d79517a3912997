/**
 * Elements of `log.entries` that are neither objects, arrays nor strings: a literal, a number, or
 * junk. Checked here rather than by `JSON.parse`, whose exception for each junk word cost some
 * 40 µs: a megabyte of pasted words took 5 s to report.
 */
import { OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-chars.ts';

/** `true`, `false`, `null` or a JSON number (RFC 8259 §6), nothing around it but JSON whitespace. */
const BARE_TOKEN =
  /^[ \t\n\r]*(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)[ \t\n\r]*$/;

/** The token's value, or why it is not one (for a `damaged JSON (…)` message). */
export function readBareToken(text: string): { value: unknown } | { problem: string } {
  if (BARE_TOKEN.test(text)) return { value: JSON.parse(text) as unknown };
  const shown = text.trim();
  const clipped = shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
  return { problem: `not a JSON value: ${JSON.stringify(clipped)}` };
}

/** Whether an element starting with this character code is a bare token (see above). */
export function startsBareToken(c: number): boolean {
  return c !== QUOTE && c !== OPEN_BRACKET && c !== OPEN_BRACE;
}
