/**
 * `Access-Control-Allow-Methods` / `-Headers` parsing (`preflight_result.cc:
 * ParseAccessControlAllowList`): comma-separated, LWS-trimmed, empty elements skipped, every other
 * element must be an HTTP token or the whole header is rejected.
 */
import { isLws, isTokenChar } from './headers.ts';

export type AllowList =
  | { ok: true; items: string[] }
  /** `bad` is the first element that is not a token, for explanations. */
  | { ok: false; bad: string };

export function parseAllowList(value: string | undefined, lowerCase = false): AllowList {
  if (value === undefined) return { ok: true, items: [] };
  const items: string[] = [];
  // A scan by index: no intermediate arrays for the common short lists.
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(',', start);
    if (end < 0) end = value.length;
    let a = start;
    let b = end;
    while (a < b && isLws(value.charCodeAt(a))) a++;
    while (b > a && isLws(value.charCodeAt(b - 1))) b--;
    if (a < b) {
      for (let i = a; i < b; i++) {
        if (!isTokenChar(value.charCodeAt(i))) return { ok: false, bad: value.slice(a, b) };
      }
      const item = value.slice(a, b);
      items.push(lowerCase ? item.toLowerCase() : item);
    }
    start = end + 1;
  }
  return { ok: true, items };
}
