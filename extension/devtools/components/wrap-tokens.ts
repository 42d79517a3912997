/**
 * Where a diagram line may wrap. Browsers also break after every `-` and `/`, which cuts header
 * names (`Access-Control-` | `Request-Headers`) and paths in a narrow panel; the diagram instead
 * wraps only at spaces (after `: `, `, `, between words) and after a comma (Chromium sends
 * `Access-Control-Request-Headers: content-type,x-request-id` without spaces).
 *
 * Returns the line cut into tokens and runs of spaces; joined, they give the line back.
 */
export function wrapTokens(line: string): string[] {
  return line.match(/ +|[^ ,]*,|[^ ,]+/g) ?? [];
}

/** A piece `wrapTokens` returned that is only the space between two tokens. */
export function isSpace(piece: string): boolean {
  return piece.trim() === '';
}
