/** Origins: serialization, comparison, and a plain-language account of why two origins differ. */
import { parseUrl, type ParsedUrl } from './url.ts';

const DEFAULT_PORTS: ReadonlyMap<string, string> = new Map([
  ['http', '80'],
  ['https', '443'],
  ['ws', '80'],
  ['wss', '443'],
]);

/**
 * The serialized origin of a URL (`https://host[:port]`), or `null` for opaque origins (data:,
 * file:, sandboxed documents) and for strings that are not URLs.
 */
export function serializeOrigin(url: string): string {
  return parseUrl(url)?.origin ?? 'null';
}

/**
 * Normalizes what a source reports as the initiator's origin. Accepts a serialized origin or any
 * URL of the document; anything unparseable or opaque becomes `null`, as Chromium would send it.
 */
export function normalizeOrigin(value: string): string {
  if (value === 'null' || value === '') return 'null';
  // Every exchange of a recording names the same initiator: remember the answer.
  let origin = normalizedOrigins.get(value);
  if (origin === undefined) {
    origin = serializeOrigin(value);
    if (normalizedOrigins.size >= 256) normalizedOrigins.clear();
    normalizedOrigins.set(value, origin);
  }
  return origin;
}

const normalizedOrigins = new Map<string, string>();

/**
 * Same origin in the HTML sense: scheme, host and port all equal. Opaque origins (`null`) are never
 * same-origin with anything, not even with another `null`.
 */
export function isSameOrigin(a: string, b: string): boolean {
  const oa = normalizeOrigin(a);
  if (oa === 'null') return false;
  return oa === normalizeOrigin(b);
}

/** Compares an already-serialized origin with a parsed URL, the engine's hot path. */
export function isSameOriginUrl(origin: string, url: ParsedUrl): boolean {
  return origin !== 'null' && url.origin === origin;
}

function effectivePort(url: ParsedUrl): string {
  return url.port !== '' ? url.port : (DEFAULT_PORTS.get(url.scheme) ?? '');
}

/**
 * One sentence saying why two origins differ, for explanations: developers often believe
 * `localhost:5173` and `localhost:3000` are "the same site".
 */
export function describeOriginDifference(from: string, to: string): string {
  const b = parseUrl(to);
  return b ? originDifference(from, b) : describeUncached(from, to);
}

/** `describeOriginDifference` for an already-parsed target, cached per origin pair (the hot path). */
export function originDifference(from: string, to: ParsedUrl): string {
  let byTarget = differenceCache.get(from);
  if (!byTarget) {
    if (differenceCache.size >= 256) differenceCache.clear();
    byTarget = new Map();
    differenceCache.set(from, byTarget);
  }
  let text = byTarget.get(to.origin);
  if (text === undefined) {
    text = describeUncached(from, to.origin);
    if (byTarget.size >= 256) byTarget.clear();
    byTarget.set(to.origin, text);
  }
  return text;
}

const differenceCache = new Map<string, Map<string, string>>();

function describeUncached(from: string, to: string): string {
  const a = parseUrl(from);
  const b = parseUrl(to);
  if (!a || !b || a.origin === 'null') {
    return `The page's origin is opaque ("null": a file:// page, a data: URL or a sandboxed frame), so every request it makes is cross-origin.`;
  }
  if (b.origin === 'null') return `The target URL has no origin the page can share.`;
  const parts: string[] = [];
  if (a.scheme !== b.scheme) parts.push(`the scheme differs (${a.scheme} vs ${b.scheme})`);
  if (a.host !== b.host) {
    if (b.host.endsWith('.' + a.host) || a.host.endsWith('.' + b.host)) {
      parts.push(
        `the host differs (${a.host} vs ${b.host}): a subdomain is a separate origin, even under the same site`,
      );
    } else {
      parts.push(`the host differs (${a.host} vs ${b.host})`);
    }
  }
  const pa = effectivePort(a);
  const pb = effectivePort(b);
  if (pa !== pb) parts.push(`the port differs (${pa} vs ${pb})`);
  if (parts.length === 0) return `${a.origin} and ${b.origin} are the same origin.`;
  return `${b.origin} is a different origin from ${a.origin} because ${joinList(parts)}. An origin is scheme + host + port, and all three must match.`;
}

function joinList(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1];
}
