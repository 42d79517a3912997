/**
 * `text.replace(/^([ \t]*)([A-Za-z0-9-]+)([ \t]*:[ \t]*)(.*)$/gm, …)` for redaction, without
 * calling back for every `key: value` line: fix snippets are full of them (object literals, YAML),
 * and only the few whose name is a credential header change. Lines start where that pattern's `^`
 * does (after `\n`, `\r`, U+2028, U+2029) and the value runs to the next of those.
 */
export function replaceHeaderLines(
  text: string,
  replace: (name: string, value: string) => string | undefined,
): string {
  let out: string | undefined;
  let copied = 0;
  const n = text.length;
  // Mostly `\n` alone ends lines: then the native search finds each end.
  const onlyNewlines = !OTHER_TERMINATORS.test(text);
  for (let start = 0; start <= n;) {
    const end = onlyNewlines ? newlineAt(text, start) : lineEnd(text, start);
    let i = start;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < end && isNameChar(text.charCodeAt(i))) i++;
    const nameEnd = i;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (nameEnd > nameStart && i < end && text.charCodeAt(i) === 58 /* : */) {
      i++;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      const value = replace(text.slice(nameStart, nameEnd), text.slice(i, end));
      if (value !== undefined) {
        out = (out ?? '') + text.slice(copied, i) + value;
        copied = end;
      }
    }
    if (end === n) break;
    start = end + 1;
  }
  return out === undefined ? text : out + text.slice(copied);
}

const OTHER_TERMINATORS = /[\r\u2028\u2029]/;

function newlineAt(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/** Index of the line terminator ending the line at `from` (`.` in a pattern stops there), or the end. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return i;
  }
  return text.length;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}
