/** The fixes' view of a URL: the target's parts a snippet or a piece of advice needs. */
import { tryParseUrl } from '../cors/url.ts';

export interface Target {
  scheme: string;
  /** Host as serialized (IPv6 in brackets). */
  host: string;
  /** Effective port: explicit, or the scheme's default. */
  port: string;
  /** `scheme://host[:port]` */
  origin: string;
  /** Path without query or fragment. */
  path: string;
  /** The whole URL, serialized. */
  href: string;
  hasUserinfo: boolean;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** A HAR holds thousands of URLs on a handful of origins: parse each string once. Bounded. */
const cache = new Map<string, Target | undefined>();
const CACHE_MAX = 2048;

export function parseTarget(input: string, base?: string): Target | undefined {
  if (base !== undefined) return parse(input, base);
  if (cache.has(input)) return cache.get(input);
  if (cache.size >= CACHE_MAX) cache.clear();
  const parsed = parse(input);
  cache.set(input, parsed && Object.freeze(parsed));
  return parsed;
}

function parse(input: string, base?: string): Target | undefined {
  const u = tryParseUrl(input, base);
  if (u === undefined) return undefined;
  const scheme = u.protocol.replace(/:$/, '');
  return {
    scheme,
    host: u.hostname,
    port: u.port !== '' ? u.port : (DEFAULT_PORTS[scheme] ?? ''),
    origin: `${scheme}://${u.host}`,
    path: u.pathname,
    href: u.href,
    hasUserinfo: u.username !== '' || u.password !== '',
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|.+\.localhost)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}
