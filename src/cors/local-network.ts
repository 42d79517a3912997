/**
 * Local Network Access (Chromium 142+): a public page reaching a loopback or private address needs
 * the user's permission, asked before CORS. The engine cannot see resolved IP addresses, so it only
 * reasons from host names and IP literals.
 */
import { parseUrl, type ParsedUrl } from './url.ts';
import type { CorsErrorName } from './types.ts';

export type AddressSpace = 'loopback' | 'local' | 'public' | 'unknown';

export const LNA_ERRORS: ReadonlySet<CorsErrorName> = new Set([
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'LocalNetworkAccessPermissionDenied',
]);

const UNIQUE_LOCAL_V6 = /^f[cd]/;
const LINK_LOCAL_V6 = /^fe[89ab]/;

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (p === '' || p.length > 3) return undefined;
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function spaceOfIpv4(a: number, b: number): AddressSpace {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'local';
  if (a === 169 && b === 254) return 'local';
  if (a === 100 && b >= 64 && b <= 127) return 'local';
  if (a === 0) return 'local';
  return 'public';
}

/** The address space a host name or IP literal (as the URL parser serializes it) most likely maps to. */
export function addressSpaceOfHost(host: string): AddressSpace {
  const h = host.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1);
    if (v6 === '::1') return 'loopback';
    if (v6.startsWith('::ffff:')) {
      const mapped = ipv4(v6.slice(7));
      if (mapped) return spaceOfIpv4(mapped[0]!, mapped[1]!);
    }
    if (UNIQUE_LOCAL_V6.test(v6) || LINK_LOCAL_V6.test(v6)) return 'local';
    return 'public';
  }
  const v4 = ipv4(h);
  if (v4) return spaceOfIpv4(v4[0]!, v4[1]!);
  if (
    h.endsWith('.local') ||
    h.endsWith('.internal') ||
    h.endsWith('.lan') ||
    h.endsWith('.home.arpa')
  )
    return 'local';
  return 'unknown';
}

/** Private or loopback by name alone; `unknown` host names could be anything. */
export function isNonPublicSpace(space: AddressSpace): boolean {
  return space === 'loopback' || space === 'local';
}

/** The address space of a URL's host. */
export function addressSpaceOfUrl(url: string): AddressSpace {
  const u = parseUrl(url);
  return u ? addressSpaceOf(u) : 'unknown';
}

/** `addressSpaceOfUrl` for a parsed URL, cached per host. */
export function addressSpaceOf(u: ParsedUrl): AddressSpace {
  let space = spaceCache.get(u.host);
  if (space === undefined) {
    space = addressSpaceOfHost(u.host);
    if (spaceCache.size >= 1024) spaceCache.clear();
    spaceCache.set(u.host, space);
  }
  return space;
}

const spaceCache = new Map<string, AddressSpace>();

/** True when the target is less public than the initiator (by names), i.e. an LNA request. */
export function looksLikeLocalNetworkRequest(
  initiatorOrigin: string,
  target: string | ParsedUrl,
): boolean {
  const to = typeof target === 'string' ? addressSpaceOfUrl(target) : addressSpaceOf(target);
  if (!isNonPublicSpace(to)) return false;
  const from = addressSpaceOfUrl(initiatorOrigin);
  // Chromium enforces only public → local/loopback; a host name we cannot place counts as public.
  return from === 'public' || from === 'unknown';
}
