import type { Initiator, RequestMode } from '../cors/types.ts';
import type { EntryView } from './read-entry.ts';
import { httpOriginOf } from './origin.ts';
import { headerValue } from './read-headers.ts';
import type { HarReadOptions } from './types.ts';

/** A preflight entry: what it announced, to pair it with its request. */
export interface PreflightFacts {
  /** The `Origin` it carried (`null` after a tainting redirect); undefined if not recorded. */
  origin?: string;
  /** `Access-Control-Request-Method`; undefined if not recorded. */
  requestMethod?: string;
}

export function preflightFacts(entry: EntryView): PreflightFacts | undefined {
  const method = entry.method;
  if (method !== 'OPTIONS' && (method.length !== 7 || method.toUpperCase() !== 'OPTIONS')) {
    return undefined;
  }
  const requestMethod = headerValue(entry.requestHeaders, 'access-control-request-method');
  // An OPTIONS request without Access-Control-Request-Method is a page's own OPTIONS request,
  // unless Chromium labelled it a preflight.
  if (requestMethod === undefined && entry.resourceType !== 'preflight') return undefined;
  const facts: PreflightFacts = {};
  const origin = headerValue(entry.requestHeaders, 'origin');
  if (origin !== undefined) facts.origin = origin;
  if (requestMethod !== undefined) facts.requestMethod = requestMethod.trim();
  return facts;
}

/** How the page made a (non-preflight) request, as far as the entry tells. */
export type RequestKind =
  | { kind: 'navigation' }
  | { kind: 'not-cors' }
  | { kind: 'cors'; mode: RequestMode; initiator?: Initiator };

const NAVIGATION_DESTS = new Set(['document', 'iframe', 'frame', 'embed', 'object']);
const CORS_RESOURCE_TYPES = new Set(['fetch', 'xhr', 'eventsource', 'preflight']);

export function requestKind(entry: EntryView): RequestKind {
  const headers = entry.requestHeaders;
  const initiator = initiatorOf(entry.resourceType);
  // Sec-Fetch-Mode is what the browser itself declared; trust it first. Chromium omits it from
  // "provisional" headers (a request that never went out), hence the fallbacks.
  const fetchMode = headerValue(headers, 'sec-fetch-mode')?.trim().toLowerCase();
  if (fetchMode === 'navigate') return { kind: 'navigation' };
  if (fetchMode === 'no-cors' || fetchMode === 'websocket') return { kind: 'not-cors' };
  if (fetchMode === 'cors' || fetchMode === 'same-origin') {
    return withInitiator({ kind: 'cors', mode: fetchMode }, initiator);
  }
  const dest = headerValue(headers, 'sec-fetch-dest')?.trim().toLowerCase();
  if (dest !== undefined && NAVIGATION_DESTS.has(dest)) return { kind: 'navigation' };
  const type = entry.resourceType;
  if (type === 'document') return { kind: 'navigation' };
  if (type === 'websocket') return { kind: 'not-cors' };
  if (type !== undefined && CORS_RESOURCE_TYPES.has(type)) {
    return withInitiator({ kind: 'cors', mode: 'cors' }, initiator);
  }
  // Browsers send Origin on every CORS-mode request. Without any type (Firefox), a request that got
  // no response may be a blocked one whose headers were never finalised: keep it.
  if (headerValue(headers, 'origin') !== undefined) {
    return withInitiator({ kind: 'cors', mode: 'cors' }, initiator);
  }
  if (type === undefined && entry.response === undefined) return { kind: 'cors', mode: 'cors' };
  return { kind: 'not-cors' };
}

function withInitiator(
  kind: { kind: 'cors'; mode: RequestMode; initiator?: Initiator },
  initiator: Initiator | undefined,
): RequestKind {
  if (initiator !== undefined) kind.initiator = initiator;
  return kind;
}

function initiatorOf(resourceType: string | undefined): Initiator | undefined {
  if (resourceType === undefined) return undefined;
  if (resourceType === 'fetch') return 'fetch';
  if (resourceType === 'xhr') return 'xhr';
  return 'other';
}

/**
 * The origin that made the request: the `Origin` header it sent, else Chromium's `_initiator.url`,
 * else `Referer`, else the HAR page, else the page the caller knows about.
 */
export function initiatorOriginOf(entry: EntryView, opts: HarReadOptions): string | undefined {
  const origin = headerValue(entry.requestHeaders, 'origin')?.trim();
  if (origin === 'null') return 'null';
  const fromHeader = httpOriginOf(origin);
  if (fromHeader !== null) return fromHeader;
  const fromInitiator = httpOriginOf(entry.initiatorUrl);
  if (fromInitiator !== null) return fromInitiator;
  const fromReferer = httpOriginOf(headerValue(entry.requestHeaders, 'referer'));
  if (fromReferer !== null) return fromReferer;
  const pages = opts.pageOrigins;
  if (entry.pageref !== undefined && pages !== undefined && Object.hasOwn(pages, entry.pageref)) {
    return pages[entry.pageref];
  }
  return opts.pageOrigin;
}
