import type { Header } from '../../../src/cors/types.ts';

/** The joined value of a header (repeats joined with ", " as the network stack does), if present. */
export function headerValue(
  headers: readonly Header[] | undefined,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  const values = (headers ?? []).filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
  return values.length ? values.join(', ') : undefined;
}

/** `Name: value` lines, the way they are edited in the what-if view and copied. */
export function formatHeaderLines(headers: readonly Header[]): string {
  return headers.map((h) => `${h.name}: ${h.value}`).join('\n');
}

/** Parses `Name: value` lines; a line without a colon is reported, not dropped silently. */
export function parseHeaderLines(text: string): { headers: Header[]; errors: string[] } {
  const headers: Header[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.push(`Line ${index + 1}: expected "Name: value".`);
      return;
    }
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  });
  return { headers, errors };
}

/** The CORS response headers, the ones a sequence diagram or a row needs to show. */
export function corsHeaders(headers: readonly Header[] | undefined): Header[] {
  return (headers ?? []).filter((h) => h.name.toLowerCase().startsWith('access-control-'));
}
