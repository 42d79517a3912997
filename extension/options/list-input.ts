/** Lists typed as text: commas, spaces or new lines separate entries. */
export function parseList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function formatList(items: readonly string[]): string {
  return items.join(', ');
}

/** Issues whose path starts with `field` (e.g. `apiOrigins[2]` belongs to `apiOrigins`). */
export function issuesFor<T extends { path: string }>(issues: readonly T[], field: string): T[] {
  return issues.filter(
    (i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`),
  );
}
