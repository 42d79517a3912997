/**
 * Paste shapes that make backtracking parsers super-linear: repeated envelope openings with no
 * end, quotes, `' from origin '`, `(Reason: ` without its `)`, long runs of spaces and colons,
 * nested brackets. Shared by the linearity test and `npm run bench -- console-parse`.
 */
export const ADVERSARIAL_FRAGMENTS: readonly string[] = [
  "Access to fetch at '",
  "' from origin '",
  " from origin '",
  "(redirected from '",
  "'",
  '"',
  ' ',
  ':',
  '(Reason: ',
  'reading the remote resource at ',
  'Status code: ',
  "Origin '",
  'XMLHttpRequest cannot load ',
  'Fetch API cannot load ',
  '[{',
  '\\',
  'x',
];

/** `fragment` repeated to about `size` characters. */
export function repeatTo(fragment: string, size: number): string {
  return fragment.repeat(Math.max(1, Math.ceil(size / fragment.length)));
}

/** One adversarial text per fragment, plus mixtures. */
export function adversarialShapes(size: number): Record<string, string> {
  const shapes: Record<string, string> = {};
  for (const f of ADVERSARIAL_FRAGMENTS) shapes[JSON.stringify(f)] = repeatTo(f, size);
  shapes['envelope without its end'] = repeatTo("Access to fetch at 'x' from origin '", size);
  shapes['firefox without reason end'] = repeatTo(
    'reading the remote resource at x (Reason: CORS header ',
    size,
  );
  shapes['spaces then a word'] = `Status code: ${' '.repeat(size)}x`;
  shapes['nested brackets'] = `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`;
  return shapes;
}
