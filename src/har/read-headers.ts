import type { Header } from '../cors/types.ts';
import { describeType, pathAt, type At, type ErrorSink } from './error-sink.ts';

/** More header lines than any real response has; beyond this an entry is junk or an attack. */
export const MAX_HEADERS = 1000;
/** Longer values are cut: no CORS decision depends on the 65,537th byte of a header. */
export const MAX_HEADER_VALUE = 64 * 1024;

/**
 * A HAR header list as `{name, value}` pairs, keeping order and repeats. Bad lines are reported and
 * dropped, HTTP/2 pseudo-headers dropped silently. The header objects (and, when nothing had to be
 * dropped, the array) are the input's own: callers must not mutate them.
 */
export function readHeaders(raw: unknown, errors: ErrorSink, at: At, suffix: string): Header[] {
  if (raw === undefined) {
    errors.add(pathAt(at, suffix), 'missing; treated as no headers.');
    return [];
  }
  if (!Array.isArray(raw)) {
    errors.add(
      pathAt(at, suffix),
      `expected an array of {name, value}, got ${describeType(raw)}; treated as no headers.`,
    );
    return [];
  }
  // Fast path: a clean list is used as is, without copying a single header (10,000-entry HARs
  // carry hundreds of thousands of them, and copies are what the garbage collector then chases).
  if (raw.length <= MAX_HEADERS && isCleanHeaderList(raw)) return raw as Header[];
  return copyHeaders(raw, pathAt(at, suffix), errors);
}

function isCleanHeaderList(raw: readonly unknown[]): boolean {
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i] as { name?: unknown; value?: unknown } | null;
    if (typeof line !== 'object' || line === null) return false;
    const { name, value } = line;
    if (typeof name !== 'string' || typeof value !== 'string') return false;
    if (name === '' || name.charCodeAt(0) === 58 /* ':' */ || value.length > MAX_HEADER_VALUE) {
      return false;
    }
  }
  return true;
}

function copyHeaders(raw: readonly unknown[], path: string, errors: ErrorSink): Header[] {
  let count = raw.length;
  if (count > MAX_HEADERS) {
    errors.add(path, `${count} header lines; only the first ${MAX_HEADERS} were read.`);
    count = MAX_HEADERS;
  }
  const headers: Header[] = [];
  for (let i = 0; i < count; i++) {
    const line: unknown = raw[i];
    if (typeof line !== 'object' || line === null) {
      errors.add(`${path}[${i}]`, `expected {name, value}, got ${describeType(line)}; skipped.`);
      continue;
    }
    const { name, value } = line as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || name === '') {
      errors.add(
        `${path}[${i}].name`,
        `expected a header name, got ${describeType(name)}; skipped.`,
      );
      continue;
    }
    if (typeof value !== 'string') {
      errors.add(`${path}[${i}].value`, `expected a string, got ${describeType(value)}; skipped.`);
      continue;
    }
    // HTTP/2 pseudo-headers (`:authority`…) are not headers a CORS check reads.
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    if (value.length > MAX_HEADER_VALUE) {
      errors.add(
        `${path}[${i}].value`,
        `${name} is ${value.length} characters long; only the first ${MAX_HEADER_VALUE} were kept.`,
      );
      headers.push({ name, value: value.slice(0, MAX_HEADER_VALUE) });
      continue;
    }
    headers.push(line as Header);
  }
  return headers;
}

/** The first value of a header, by case-insensitive name (`lowerName` must be lower case). */
export function headerValue(headers: readonly Header[], lowerName: string): string | undefined {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (equalsLowerAscii(h.name, lowerName)) return h.value;
  }
  return undefined;
}

/**
 * `text.toLowerCase() === lower` for an ASCII `lower`, without allocating a lower-cased copy: this
 * runs for every header of every entry, and the copies were a good part of the reader's garbage.
 */
export function equalsLowerAscii(text: string, lower: string): boolean {
  if (text.length !== lower.length) return false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}
