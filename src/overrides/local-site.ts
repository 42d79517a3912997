/**
 * Which sites count as local development origins: the ones CORS Lens relaxes without asking twice.
 * Anything else (a public site, or a host name that could be anything) needs an explicit
 * confirmation in the popup or the options page, is refused by the keyboard shortcut, and arrives
 * paused from an import (docs/overrides.md, "Public sites").
 *
 * By name alone, as src/cors/local-network.ts reasons (no DNS here): loopback (`localhost`,
 * `*.localhost`, 127/8, ::1), private and link-local addresses, the reserved `*.test` TLD, and the
 * names local networks use (`*.local`, `*.internal`, `*.lan`, `*.home.arpa`).
 */
import { addressSpaceOfHost, isNonPublicSpace } from '../cors/local-network.ts';
import { tryParseUrl } from '../cors/url.ts';

/** True for an http(s) origin whose host is a local development host. */
export function isLocalDevSite(origin: string): boolean {
  const url = tryParseUrl(origin);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'test' || host.endsWith('.test')) return true;
  return isNonPublicSpace(addressSpaceOfHost(host));
}

/** Why a site needs the user's confirmation, for the pages and the shortcut's badge title. */
export function publicSiteWarning(origin: string): string {
  return `${origin} is not a local development site: relaxing it lets every page it loads read your signed-in responses from the APIs it calls.`;
}
