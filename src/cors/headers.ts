/** Header-list helpers with Chromium's normalization (join repeats with ", ", trim LWS). */
import type { Header } from './types.ts';

/** HTTP linear white space as Chromium's `HttpUtil::IsLWS` sees it: space and tab. */
export function isLws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function trimLws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isLws(value.charCodeAt(start))) start++;
  while (end > start && isLws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function sameName(candidate: string, lowerName: string): boolean {
  return candidate.length === lowerName.length && candidate.toLowerCase() === lowerName;
}

/**
 * The value of a header as the network stack hands it to CORS: every line with that name
 * (case-insensitive), each trimmed, joined with `", "`. `undefined` when absent.
 */
export function joinHeader(
  headers: readonly Header[] | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  let joined: string | undefined;
  for (const h of headers) {
    if (!sameName(h.name, lower)) continue;
    const v = trimLws(h.value);
    joined = joined === undefined ? v : `${joined}, ${v}`;
  }
  return joined;
}

/** RFC 9110 `tchar`. */
export function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  switch (c) {
    case 0x21: // !
    case 0x23: // #
    case 0x24: // $
    case 0x25: // %
    case 0x26: // &
    case 0x27: // '
    case 0x2a: // *
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x5e: // ^
    case 0x5f: // _
    case 0x60: // `
    case 0x7c: // |
    case 0x7e: // ~
      return true;
    default:
      return false;
  }
}

/** RFC 9110 `token` (one or more `tchar`): what Chromium accepts as a method or header name. */
export function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!isTokenChar(value.charCodeAt(i))) return false;
  return true;
}

/**
 * Byte length of a header value. Header values are byte strings: code points up to 0xFF are one
 * byte each; anything above can only have come from UTF-8 decoding, so count its UTF-8 bytes.
 */
export function byteLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0xff) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair is 4 bytes for 2 UTF-16 units
      i++;
    } else n += 2;
  }
  return n;
}

function hasRepeatedName(headers: readonly Header[]): boolean {
  for (let i = 1; i < headers.length; i++) {
    const a = headers[i]!.name;
    for (let j = 0; j < i; j++) {
      const b = headers[j]!.name;
      if (a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase())) return true;
    }
  }
  return false;
}

/**
 * Merges repeated names into one entry (first position, values joined with `", "`), as Blink's
 * header list does before the request reaches the network service.
 */
export function mergeRepeatedHeaders(headers: readonly Header[]): readonly Header[] {
  if (!hasRepeatedName(headers)) return headers;
  const out: Header[] = [];
  const index = new Map<string, number>();
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    const at = index.get(lower);
    if (at === undefined) {
      index.set(lower, out.length);
      out.push({ name: h.name, value: h.value });
    } else {
      const prev = out[at]!;
      out[at] = { name: prev.name, value: `${prev.value}, ${h.value}` };
    }
  }
  return out;
}
