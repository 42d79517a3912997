/**
 * String literals for the languages the snippets are written in. Inputs are already restricted to
 * plain origins, tokens and paths (see `context.ts`), so escaping is a second line of defence: a
 * hostile HAR must never be able to turn a snippet into something other than what it says.
 */

/** Single-quoted JavaScript/TypeScript string. */
export function js(value: string): string {
  return "'" + JSON.stringify(value).slice(1, -1).replace(/'/g, "\\'") + "'";
}

/** Double-quoted string valid in Python, Java, C#, Go and JSON (JSON escapes are a common subset). */
export function dq(value: string): string {
  return JSON.stringify(value);
}

/** Double-quoted Ruby string: JSON escapes plus `#` so `#{...}` cannot interpolate. */
export function rb(value: string): string {
  return JSON.stringify(value).replace(/#/g, '\\#');
}

/** A comma-separated header value (`GET, POST`), as the snippets write it. */
export function headerList(values: readonly string[]): string {
  return values.join(', ');
}

/** A regular expression matching exactly `value` (PCRE/RE2 syntax, anchored). */
export function exactRegex(value: string): string {
  return '^' + value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&') + '$';
}

/** Items of a bracketed list, e.g. `['a', 'b']`, with the quote function of the language. */
export function list(values: readonly string[], quote: (v: string) => string): string {
  return '[' + argList(values, quote) + ']';
}

/** Call arguments, e.g. `"a", "b"`, with the quote function of the language. */
export function argList(values: readonly string[], quote: (v: string) => string): string {
  return values.map(quote).join(', ');
}
