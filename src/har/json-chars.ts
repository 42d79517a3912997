/**
 * JSON's structural character codes and whitespace, for the two hand-written scanners of HAR text:
 * the streaming entry scanner (bytes) and the salvage of a cut file (UTF-16 code units). Every one
 * of these is ASCII, so a byte and a code unit compare the same.
 */
export const QUOTE = 34;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const COMMA = 44;
export const COLON = 58;

/** JSON's four whitespace characters (RFC 8259 §2): space, line feed, carriage return, tab. */
export function isJsonWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
