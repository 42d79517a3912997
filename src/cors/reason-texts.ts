/** Per-reason wording: what went wrong, in words a web developer uses, and the direction of the fix. */
import { describeOriginDifference } from './origin.ts';
import { describeReason } from './reasons.ts';
import { parseUrl } from './url.ts';
import type { CorsErrorName, HttpResponse, PreflightReason } from './types.ts';

export interface ReasonContext {
  reason: CorsErrorName;
  failedParameter: string;
  /** The page's origin. */
  pageOrigin: string;
  /** The Origin the browser sent (`null` after a tainting redirect); a placeholder when unknown. */
  requestOrigin: string;
  url: string;
  method: string;
  /** The response that failed the check (preflight response for preflight errors), if recorded. */
  response?: HttpResponse;
  include: boolean;
  /** The leg whose redirect tainted the origin, if any. */
  taintedAtLeg?: number;
  preflightReasons: readonly PreflightReason[];
  targetSpace: string;
}

export interface ReasonText {
  summary: string;
  what: string;
  fix: string;
}

const ACAO_FIX_NO_CREDS = (o: string): string =>
  `Have the server send "Access-Control-Allow-Origin: ${o}" (or "*" if the data is public and requested without credentials)`;
const ACAO_FIX_CREDS = (o: string): string =>
  `Have the server send "Access-Control-Allow-Origin: ${o}" together with "Access-Control-Allow-Credentials: true" ("*" never works with credentials)`;

function isTaintedNull(c: ReasonContext): boolean {
  return c.requestOrigin === 'null' && c.taintedAtLeg !== undefined;
}

/** After a tainting redirect no header echo is safe: "null" would also admit sandboxed frames. */
function taintedFix(c: ReasonContext): string {
  return c.include
    ? 'Call the final URL directly from the page, so the browser sends the page\'s own origin instead of "null"; with credentials there is no safe header-only fix after a cross-origin redirect. Avoid allowing "null": sandboxed documents and file:// pages send it too.'
    : 'Call the final URL directly from the page, so the browser sends the page\'s own origin instead of "null". If the redirect must stay and the data is public, the final server may answer "Access-Control-Allow-Origin: *". Avoid allowing "null": sandboxed documents and file:// pages send it too.';
}

function allowOriginFix(c: ReasonContext): string {
  if (isTaintedNull(c)) return taintedFix(c);
  if (c.requestOrigin === 'null') {
    return 'The page has an opaque origin ("null": opened from file://, a data: URL or a sandboxed frame). Serve it from a local web server (http://localhost:…) and allow that origin; answering "null" would let any sandboxed or local page read the data.';
  }
  const o = c.requestOrigin;
  return (
    (c.include ? ACAO_FIX_CREDS(o) : ACAO_FIX_NO_CREDS(o)) +
    ', echoing the request\'s Origin from an allowlist and adding "Vary: Origin" when several origins are allowed.'
  );
}

function statusCause(status: number | undefined): string {
  if (status === undefined) return '';
  if (status === 401 || status === 403) {
    return ` The status ${status} suggests an authentication layer answered before the CORS middleware ran; error responses need CORS headers too, or the page cannot even read the error.`;
  }
  if (status === 404 || status === 405)
    return ` The status ${status} suggests the route (or the OPTIONS method) is not handled where the CORS middleware is applied.`;
  if (status >= 500)
    return ` The status ${status} is an error page: error handlers and crash pages often skip the CORS middleware.`;
  if (status >= 300 && status < 400) return ' Redirect responses must carry the CORS headers too.';
  return '';
}

function mismatchHint(c: ReasonContext): string {
  const got = c.failedParameter;
  const want = c.requestOrigin;
  if (want === 'null' && c.taintedAtLeg !== undefined) {
    return ` After the cross-origin redirect at step ${c.taintedAtLeg + 1}, the browser sent "Origin: null" (a privacy measure), so echoing the page's origin no longer matches.`;
  }
  if (got === want + '/')
    return ' The only difference is the trailing slash: an origin has no path.';
  const gotUrl = parseUrl(got);
  const wantUrl = parseUrl(want);
  if (gotUrl && !wantUrl && got !== gotUrl.origin)
    return ' An origin never has a path or a trailing slash.';
  if (got.toLowerCase() === want.toLowerCase())
    return ' The values differ only in letter case, and the comparison is case-sensitive.';
  const target = parseUrl(c.url)?.origin;
  if (target && got === target) return " The server sent its own origin instead of the caller's.";
  if (gotUrl && wantUrl && wantUrl.origin !== 'null')
    return ` ${describeOriginDifference(want, got)}`;
  return '';
}

const QUOTED = /^["'].*["']$/;

function invalidValueHint(v: string): string {
  if (v === '') return ' The header is present but empty.';
  if (v.includes('*'))
    return ' Patterns such as "*.example.com" are not supported: echo the one matching origin instead.';
  if (!v.includes('://') && v.includes('.'))
    return ` It lacks the scheme: write "https://${v}" (and the port, if not the default).`;
  if (QUOTED.test(v)) return ' Remove the quotes around the value.';
  return '';
}

function headerWhy(c: ReasonContext, name: string): string {
  const r = c.preflightReasons.find((x) => x.kind === 'header' && x.header === name);
  return r ? ` It needs permission because ${describeReason(r)}.` : '';
}

export function reasonText(c: ReasonContext): ReasonText {
  const p = c.failedParameter;
  const status = c.response?.status;
  const target = parseUrl(c.url)?.origin ?? c.url;
  switch (c.reason) {
    case 'MissingAllowOriginHeader':
      return {
        summary: `${target} answered${status ? ` (${status})` : ''} without Access-Control-Allow-Origin, so the browser hid the response from ${c.pageOrigin}.`,
        what: `The response has no Access-Control-Allow-Origin header, so the server never said that ${c.requestOrigin} may read it.${statusCause(status)}`,
        fix: `${allowOriginFix(c)} Put it on every response of this route, errors and redirects included.`,
      };
    case 'PreflightMissingAllowOriginHeader':
      return {
        summary: `The preflight (OPTIONS) to ${target} was answered${status ? ` (${status})` : ''} without Access-Control-Allow-Origin.`,
        what: `The server answered the preflight without Access-Control-Allow-Origin.${statusCause(status)} (Chromium checks this header before the preflight's status, so a 404 without CORS headers reports this error.)`,
        fix: `Answer OPTIONS before any authentication with 204 and the CORS headers. ${allowOriginFix(c)}`,
      };
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return {
        summary: `Access-Control-Allow-Origin is "${p}", not the request's origin "${c.requestOrigin}"${c.requestOrigin === 'null' && c.taintedAtLeg !== undefined ? ' (the origin became "null" after a cross-origin redirect)' : ''}.`,
        what: `The server allowed "${p}", but the request came from "${c.requestOrigin}". The browser compares the two byte for byte.${mismatchHint(c)}`,
        fix: allowOriginFix(c),
      };
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return {
        summary: `Access-Control-Allow-Origin "${p}" is not a valid origin.`,
        what: `"${p}" is not an origin. The header must hold one serialized origin (scheme://host[:port]), "*" or "null".${invalidValueHint(p)}`,
        fix: allowOriginFix(c),
      };
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return {
        summary: `Access-Control-Allow-Origin holds several values ("${p}"); only one is allowed.`,
        what: `The header reads "${p}". Either the server (or a proxy such as nginx "add_header", or a CDN) sent the header twice and the browser joined the lines, or the server listed several origins. The header takes exactly one origin.`,
        fix: `Send the header once, with the single origin of this request chosen from an allowlist. ${allowOriginFix(c)}`,
      };
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return {
        summary: `Access-Control-Allow-Origin is "*", which never allows a request with credentials.`,
        what: 'The request was sent with credentials (credentials: "include", XHR withCredentials, or crossorigin="use-credentials"), and for such requests the browser refuses the wildcard "*".',
        fix: isTaintedNull(c)
          ? taintedFix(c)
          : `${ACAO_FIX_CREDS(c.requestOrigin)}; or, if the endpoint needs no cookies, send the request without credentials.`,
      };
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return {
        summary: `The request carries credentials but Access-Control-Allow-Credentials is ${p === '' ? 'missing' : `"${p}"`}, not "true".`,
        what: `Because the request includes credentials, the server must also answer "Access-Control-Allow-Credentials: true" (exactly, lower case); it sent ${p === '' ? 'nothing' : `"${p}"`}.`,
        fix: isTaintedNull(c)
          ? taintedFix(c)
          : `Add "Access-Control-Allow-Credentials: true" next to "Access-Control-Allow-Origin: ${c.requestOrigin}"${c.reason.startsWith('Preflight') ? ' on the OPTIONS response too' : ''}, or send the request without credentials.`,
      };
    case 'PreflightInvalidStatus':
      return {
        summary: `The preflight (OPTIONS) to ${target} got status ${status ?? 'non-2xx'}; it needs a 2xx.`,
        what: `The server answered the preflight with status ${status ?? 'outside 200-299'}. A preflight must succeed with a 2xx status.${statusCause(status)} Preflights never carry cookies or Authorization, so they cannot pass an authentication check.`,
        fix: 'Route OPTIONS to the CORS middleware before authentication and answer 204 No Content with the CORS headers. (A browser extension can rewrite headers but not a status code: this one has to be fixed on the server or with a dev-server proxy.)',
      };
    case 'PreflightDisallowedRedirect': {
      const loc = c.response?.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
      return {
        summary: `The preflight (OPTIONS) to ${target} was redirected${loc ? ` to ${loc}` : ''}; preflights may not redirect.`,
        what: `The server answered the preflight with a redirect${loc ? ` to "${loc}"` : ''}. Browsers never follow redirects for preflights. Typical causes: http → https upgrades, a missing or extra trailing slash, or a login redirect.`,
        fix: 'Call the final URL directly from the page, and make the server answer OPTIONS on that URL without redirecting.',
      };
    }
    case 'InvalidAllowMethodsPreflightResponse':
      return {
        summary: "The preflight's Access-Control-Allow-Methods header cannot be parsed.",
        what: 'Access-Control-Allow-Methods must be a comma-separated list of method names; the browser found something else (spaces instead of commas, quotes, slashes or semicolons), so it rejected the whole header.',
        fix: `Send e.g. "Access-Control-Allow-Methods: GET, POST, ${c.method === '' ? 'PUT' : c.method}".`,
      };
    case 'InvalidAllowHeadersPreflightResponse':
      return {
        summary: "The preflight's Access-Control-Allow-Headers header cannot be parsed.",
        what: 'Access-Control-Allow-Headers must be a comma-separated list of header names; the browser found something else (spaces instead of commas, quotes or other punctuation), so it rejected the whole header.',
        fix: 'Send e.g. "Access-Control-Allow-Headers: content-type, authorization".',
      };
    case 'MethodDisallowedByPreflightResponse':
      return {
        summary: `The preflight did not allow the method ${p}.`,
        what: `The request uses ${p}, which is not a CORS-safelisted method, and the preflight's Access-Control-Allow-Methods does not list it.${p !== p.toUpperCase() ? ` Note the spelling: the browser upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, so "${p}" must be listed exactly as "${p}" (or write "${p.toUpperCase()}" in the page's code).` : ''}${c.include ? ' With credentials, "*" does not act as a wildcard.' : ''}`,
        fix: `Add ${p} to "Access-Control-Allow-Methods" on the OPTIONS response${c.include ? ' (list it by name: "*" does not count for requests with credentials)' : ''}.`,
      };
    case 'HeaderDisallowedByPreflightResponse':
      return {
        summary: `The preflight did not allow the request header "${p}".`,
        what: `The request sends the header "${p}", and the preflight's Access-Control-Allow-Headers does not list it.${headerWhy(c, p)}${c.include ? ' With credentials, "*" does not act as a wildcard.' : ''}`,
        fix: `Add "${p}" (and any other custom request headers) to "Access-Control-Allow-Headers" on the OPTIONS response${p === 'content-type' ? ', or send a body type that needs no permission (text/plain, form data)' : ''}.`,
      };
    case 'RedirectContainsCredentials':
      return {
        summary:
          'A redirect pointed to a URL with a user name/password in it, which cross-origin requests may not follow.',
        what: 'The Location of a redirect contains user info ("user:password@host"). Browsers refuse to follow such redirects for cross-origin requests.',
        fix: 'Remove the user info from the Location URL; send credentials in a header instead.',
      };
    case 'CorsDisabledScheme': {
      const scheme = parseUrl(c.url)?.scheme ?? 'this';
      return {
        summary: `"${scheme}:" URLs cannot be requested cross-origin.`,
        what: `CORS works only for http: and https: URLs; the request went to a "${scheme}:" URL.${c.pageOrigin === 'null' ? ' The page itself has an opaque origin: if you opened it from disk (file://), every request it makes is cross-origin.' : ''}`,
        fix: 'Serve the page and the data from a local web server (for example your dev server) over http://localhost.',
      };
    }
    case 'DisallowedByMode':
      return {
        summary: 'The request used mode "same-origin" for a cross-origin URL.',
        what: 'The code asked for mode: "same-origin", which forbids cross-origin URLs outright (also after a redirect to another origin).',
        fix: 'Use mode: "cors" (the default) for cross-origin requests.',
      };
    case 'NoCorsRedirectModeNotFollow':
      return {
        summary: 'A no-cors request used a redirect mode other than "follow".',
        what: 'fetch() with mode: "no-cors" requires redirect: "follow".',
        fix: 'Use redirect: "follow", or switch to a CORS request.',
      };
    case 'InvalidResponse':
      return {
        summary: 'A service worker answered a CORS request with an opaque response.',
        what: 'A service worker responded to this request with an opaque (no-cors) response, which a CORS request may not receive.',
        fix: 'In the service worker, fetch with mode "cors" or pass the original request through unchanged.',
      };
    case 'InsecureLocalNetwork':
      return {
        summary: `A non-secure (http) page tried to reach the ${c.targetSpace} network.`,
        what: `Chrome's Local Network Access rules block pages that are not a secure context from reaching private or loopback addresses (${target}).`,
        fix: 'Serve the page over https (localhost counts as secure), or call the service through the same origin (a dev-server proxy).',
      };
    case 'InvalidLocalNetworkAccess':
      return {
        summary: "The request's targetAddressSpace did not match where the host actually is.",
        what: 'The fetch() option targetAddressSpace declared one address space, but the host resolved to another.',
        fix: 'Correct the targetAddressSpace option or the DNS entry.',
      };
    case 'LocalNetworkAccessPermissionDenied':
      return {
        summary: `Chrome blocked access to the ${c.targetSpace} network: the Local Network Access permission was denied.`,
        what: `Since Chrome 142 a public site needs the user's "local network" permission to reach private or loopback addresses (${target}). The permission was denied or could not be asked; the CORS headers were never consulted. Access-Control-Allow-Private-Network no longer helps.`,
        fix: 'Allow the site under Site settings → Local network access, serve the page from the same network, or proxy the calls through your dev server.',
      };
  }
}
