/**
 * JSON's structural character codes and whitespace, for the hand-written scanners of HAR text: the
 * streaming entry scanner (bytes), the salvage of a cut file and the budget check before a whole
 * read (UTF-16 code units). Every one of these is ASCII, so a byte and a code unit compare the same.
 */
export const QUOTE = 34;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const COMMA = 44;
export const COLON = 58;

/**
 * In text (UTF-16 code units), the index just past the closing quote of the JSON string whose
 * opening quote is at `i`, or -1 if it never closes.
 */
export function endOfJsonString(text: string, i: number): number {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

/** JSON's four whitespace characters (RFC 8259 §2): space, line feed, carriage return, tab. */
export function isJsonWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
