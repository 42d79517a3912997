/**
 * WHATWG `URL`, reached through `globalThis`: src/ compiles without the DOM lib, yet every runtime
 * the overrides run in (service worker, extension pages, Node) provides it.
 */

export interface UrlParts {
  protocol: string;
  username: string;
  password: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  origin: string;
  href: string;
}
type UrlConstructor = new (input: string) => UrlParts;

const UrlCtor = (globalThis as unknown as { URL: UrlConstructor }).URL;

/** Parses a URL, or returns undefined (never throws). */
export function tryParseUrl(input: string): UrlParts | undefined {
  try {
    return new UrlCtor(input);
  } catch {
    return undefined;
  }
}

/** The serialized origin of a URL, `null` when opaque or unparseable. */
export function originOf(url: string): string {
  return tryParseUrl(url)?.origin ?? 'null';
}
