/**
 * Advice in words: one short line per Chromium CorsError (for lists, the panel and the CLI), and
 * the notes tailored to one exchange that lead every fix.
 */
import type { CorsErrorName, Diagnosis, Exchange } from '../cors/types.ts';
import { buildContext, headerValue, legsOf, type FixContext } from './context.ts';
import { detectStackHints } from './detect.ts';
import { unconfiguredPreflightNote } from './unconfigured.ts';
import { parseTarget } from './url.ts';

export const proxyExplanation =
  "A dev-server proxy forwards a path of the dev server (e.g. /api) to the API, so the page calls its own origin: the browser applies no CORS at all, sends no preflight and treats cookies as first-party. It only exists in development: production still needs the server configuration, or the same reverse proxy (nginx, Caddy, your host's rewrites) serving the page and the API under one origin.";

const ADVICE: Record<CorsErrorName, string> = {
  DisallowedByMode:
    "The request uses mode: 'same-origin' but goes to another origin. Use mode: 'cors' (the default for fetch), then the server must allow the origin.",
  InvalidResponse:
    "A service worker answered this CORS request with an opaque response. In the worker, fetch with mode: 'cors' (or pass the request through unchanged) instead of building a no-cors response.",
  WildcardOriginNotAllowed:
    'The server sent Access-Control-Allow-Origin: * to a request with credentials. Echo the exact origin instead, with Access-Control-Allow-Credentials: true and Vary: Origin (or stop sending credentials).',
  MissingAllowOriginHeader:
    'The response has no Access-Control-Allow-Origin. Add CORS to every response of this route, error responses included: frameworks often skip it on 404/500, and a proxy or CDN may strip it.',
  MultipleAllowOriginValues:
    'Access-Control-Allow-Origin arrived with several values: it is set twice (typically by the app and by a proxy such as nginx) or lists several origins. Set it in exactly one place, one origin per response.',
  InvalidAllowOriginValue:
    'Access-Control-Allow-Origin is not a valid origin. Send the exact serialized origin (scheme://host:port, no path, no trailing slash, no wildcard pattern), or * without credentials.',
  AllowOriginMismatch:
    "Access-Control-Allow-Origin names another origin than the page's. Echo the request's Origin when it is in an allowlist (check scheme, host, port, trailing slash) and add Vary: Origin.",
  InvalidAllowCredentials:
    'The request carries credentials but Access-Control-Allow-Credentials is not exactly true. Send Access-Control-Allow-Credentials: true (lower case) on the response.',
  CorsDisabledScheme:
    'The URL uses a scheme CORS does not support (file:, a custom scheme). Serve the page and the data over http(s) from a local dev server (e.g. npx vite, python3 -m http.server).',
  PreflightInvalidStatus:
    'The preflight (OPTIONS) got a non-2xx status. Route OPTIONS to the CORS handler before auth and routing, and answer it with 204.',
  PreflightDisallowedRedirect:
    'The preflight was redirected, which browsers never follow. Call the final URL directly (trailing slash, https) and do not redirect OPTIONS.',
  PreflightWildcardOriginNotAllowed:
    'The preflight answered Access-Control-Allow-Origin: * for a request with credentials. Echo the exact origin with Access-Control-Allow-Credentials: true on the OPTIONS response too.',
  PreflightMissingAllowOriginHeader:
    'The preflight response has no Access-Control-Allow-Origin: OPTIONS is not reaching the CORS handler (404/405 route, auth rejecting it). Answer OPTIONS with 204 and the CORS headers before auth.',
  PreflightMultipleAllowOriginValues:
    'The preflight response carries Access-Control-Allow-Origin twice (app and proxy both add it). Set it in exactly one place.',
  PreflightInvalidAllowOriginValue:
    'The preflight response has an invalid Access-Control-Allow-Origin. Send the exact origin (scheme://host:port).',
  PreflightAllowOriginMismatch:
    "The preflight response allows another origin than the page's. Echo the request's Origin from an allowlist, with Vary: Origin.",
  PreflightInvalidAllowCredentials:
    'The preflight response lacks Access-Control-Allow-Credentials: true (exactly, lower case) for a request with credentials. Send it on the OPTIONS response too.',
  InvalidAllowMethodsPreflightResponse:
    'Access-Control-Allow-Methods is malformed. Send a comma-separated list of method names (GET, POST, PATCH), no quotes or other separators.',
  InvalidAllowHeadersPreflightResponse:
    'Access-Control-Allow-Headers is malformed. Send a comma-separated list of header names, no quotes or other separators.',
  MethodDisallowedByPreflightResponse:
    'The method is not in Access-Control-Allow-Methods. List it with the exact spelling the page uses (Chromium compares case-sensitively; only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased for you).',
  HeaderDisallowedByPreflightResponse:
    'A request header is not in Access-Control-Allow-Headers. Add its name there (lower case is fine), or stop sending it.',
  RedirectContainsCredentials:
    'A redirect points to a URL with user:password@ in it, which CORS forbids. Remove the userinfo from the Location header and authenticate another way.',
  InsecureLocalNetwork:
    'A page served over plain http tried to reach a private or loopback address (Local Network Access). Serve the page over https, or run it on the same machine as the API (localhost to localhost is allowed).',
  InvalidLocalNetworkAccess:
    "The request's targetAddressSpace does not match where the host really resolved. Fix the targetAddressSpace option or the DNS entry.",
  LocalNetworkAccessPermissionDenied:
    'Chrome asked for the Local Network Access permission and it was denied (or a policy blocks it). Allow "local network" for the site in its site settings, or run the page from localhost too. CORS headers cannot fix this.',
  NoCorsRedirectModeNotFollow:
    "A no-cors request used redirect: 'manual' or 'error'. Use redirect: 'follow', or make it a CORS request.",
};

/** One or two sentences for a Chromium CorsError. */
export function adviceFor(reason: CorsErrorName): string {
  return (
    ADVICE[reason] ??
    'The browser blocked this request. Check the response headers against the request.'
  );
}

/** Reasons that no server header configuration fixes: the advice is the fix. */
export const NOT_FIXABLE_BY_CONFIG: ReadonlySet<CorsErrorName> = new Set([
  'RedirectContainsCredentials',
  'CorsDisabledScheme',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'LocalNetworkAccessPermissionDenied',
  'NoCorsRedirectModeNotFollow',
  'InvalidResponse',
]);

function responseOf(exchange: Exchange, ctx: FixContext, preflight: boolean) {
  const leg = legsOf(exchange)[ctx.legIndex];
  return preflight ? leg?.preflight?.response : leg?.response;
}

/** The redirect target of the failing leg's preflight, resolved, when there is one. */
function preflightLocation(exchange: Exchange, ctx: FixContext): string | undefined {
  const loc = headerValue(responseOf(exchange, ctx, true)?.headers, 'location');
  if (!loc) return undefined;
  const to = parseTarget(loc, ctx.targetUrl);
  return to ? loc : undefined;
}

function redirectKind(from: string, location: string): string {
  const a = parseTarget(from);
  const b = parseTarget(location, from);
  if (!a || !b) return 'a redirect';
  if (a.scheme === 'http' && b.scheme === 'https') return 'an http → https redirect';
  if (a.origin === b.origin && b.path === a.path + '/') return 'a trailing-slash redirect';
  if (a.origin === b.origin && a.path === b.path + '/')
    return 'a redirect that removes the trailing slash';
  if (a.origin !== b.origin) return 'a redirect to another origin';
  return 'a redirect';
}

/**
 * Notes specific to this exchange and its reason, shared by every fix: what exactly went wrong
 * and what the configuration below changes. Plain text with `code` spans.
 */
export function reasonNotes(ctx: FixContext, exchange: Exchange, diagnosis: Diagnosis): string[] {
  const notes: string[] = [];
  const reason = ctx.reason;
  const param = diagnosis.failedParameter;
  const preflightRes = responseOf(exchange, ctx, true);
  const res = responseOf(exchange, ctx, false);

  if (!ctx.originUsable) {
    notes.push(
      `The page's origin is \`${ctx.origin}\`: an opaque origin (a file:// page, a sandboxed iframe or a data: URL). Allowing \`null\` would let any sandboxed page in; serve the page from a local dev server instead, which also gives it a real origin.`,
    );
  }
  if (ctx.tainted) {
    notes.push(
      `The request reached ${ctx.target.origin} after a cross-origin redirect, so Chromium sent \`Origin: null\` and only \`Access-Control-Allow-Origin: null\` could match — which would admit any sandboxed page. Avoid the cross-origin redirect instead: call \`${ctx.targetUrl}\` directly from the page (it then sends \`Origin: ${ctx.origin}\`), or let the first server proxy the request rather than redirect it. The configuration below is for ${ctx.target.origin}, called directly.`,
    );
  }
  switch (reason) {
    case 'DisallowedByMode':
      notes.push(
        "First change the client: `mode: 'same-origin'` forbids cross-origin URLs. Use `mode: 'cors'` (the default); the server then needs the configuration below.",
      );
      break;
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      notes.push(
        `Access-Control-Allow-Origin arrived as \`${param ?? headerValue((reason === 'MultipleAllowOriginValues' ? res : preflightRes)?.headers, 'access-control-allow-origin') ?? ''}\`: it is set in two places (typically the app and a proxy in front of it, e.g. nginx \`add_header\`). Keep exactly one of the configurations below and remove CORS from the other layer.`,
      );
      break;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      notes.push(
        `Access-Control-Allow-Origin was \`${param ?? ''}\`, which is not an origin. It must be exactly \`${ctx.origin}\`: scheme, host and port, no path, no trailing slash, no quotes, no wildcard patterns like \`*.example.com\`.`,
      );
      break;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      if (!ctx.tainted) {
        notes.push(
          `The server allowed \`${param ?? ''}\` but the page is \`${ctx.origin}\`. Typical causes: a value hard-coded for another environment, a different port or scheme, a trailing slash, or a cached response missing \`Vary: Origin\`. The configuration echoes the request's Origin when it is allow-listed.`,
        );
      }
      break;
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      notes.push(
        "`Access-Control-Allow-Origin: *` never works with credentials. The configuration echoes the exact origin and sends `Access-Control-Allow-Credentials: true`. If the request does not need cookies or HTTP auth, dropping `credentials: 'include'` / `withCredentials` in the client also works.",
      );
      break;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      notes.push(
        `Access-Control-Allow-Credentials was \`${param || '(absent)'}\`; it must be exactly \`true\`, lower case${reason === 'PreflightInvalidAllowCredentials' ? ', on the OPTIONS response too' : ''}.`,
      );
      break;
    case 'PreflightInvalidStatus':
      notes.push(
        `The preflight was answered ${preflightRes?.status ?? 'with a non-2xx status'}. ${describeStatus(preflightRes?.status)} The configuration answers OPTIONS with 204 before routing and auth. No browser extension can change a preflight's status; only the server (or a dev-server proxy) can.`,
      );
      break;
    case 'PreflightMissingAllowOriginHeader': {
      notes.push(
        `The preflight response (${preflightRes?.status ?? 'no status'}) had no CORS headers: OPTIONS is not reaching the CORS handler. ${describeStatus(preflightRes?.status)}`,
      );
      const unconfigured = unconfiguredPreflightNote(
        preflightRes?.status,
        detectedStacks(exchange),
      );
      if (unconfigured) notes.push(unconfigured);
      break;
    }
    case 'PreflightDisallowedRedirect': {
      const loc = preflightLocation(exchange, ctx);
      notes.push(
        loc
          ? `The preflight got ${redirectKind(ctx.targetUrl, loc)} to \`${loc}\`; browsers never follow redirects for preflights. Call \`${parseTarget(loc, ctx.targetUrl)?.href ?? loc}\` directly from the page, and make sure OPTIONS is answered without a redirect.`
          : 'The preflight was redirected; browsers never follow redirects for preflights. Call the final URL directly (watch trailing slashes and http → https) and answer OPTIONS without a redirect.',
      );
      break;
    }
    case 'InvalidAllowMethodsPreflightResponse':
      notes.push(
        `Access-Control-Allow-Methods was \`${headerValue(preflightRes?.headers, 'access-control-allow-methods') ?? ''}\`: it must be a comma-separated list of method names only.`,
      );
      break;
    case 'InvalidAllowHeadersPreflightResponse':
      notes.push(
        `Access-Control-Allow-Headers was \`${headerValue(preflightRes?.headers, 'access-control-allow-headers') ?? ''}\`: it must be a comma-separated list of header names only.`,
      );
      break;
    case 'MethodDisallowedByPreflightResponse':
      notes.push(
        `\`${param ?? ctx.usedMethods.join(', ')}\` is missing from Access-Control-Allow-Methods; the configuration lists it exactly as sent.`,
      );
      break;
    case 'HeaderDisallowedByPreflightResponse': {
      const name = (param ?? '').toLowerCase();
      notes.push(
        `The request header \`${name}\` is missing from Access-Control-Allow-Headers; the configuration lists it${name === 'content-type' ? '. (`Content-Type: application/json` is what makes this request need a preflight; `text/plain` would not, but allowing content-type is the usual fix)' : ''}.`,
      );
      break;
    }
    case 'MissingAllowOriginHeader':
      notes.push(describeMissing(res?.status));
      break;
    default:
      break;
  }
  if (ctx.skipped.length > 0) {
    notes.push(
      `Left out of the snippets because of unusual characters, add by hand if you need them: ${ctx.skipped.map((s) => JSON.stringify(s)).join(', ')}.`,
    );
  }
  return notes;
}

/** Stacks the response headers point to (strong or medium hints only). */
function detectedStacks(exchange: Exchange) {
  const headers = legsOf(exchange).flatMap((l) =>
    [l.preflight?.response, l.response].flatMap((r) =>
      Array.isArray(r?.headers) ? r.headers : [],
    ),
  );
  return detectStackHints(headers)
    .filter((h) => h.confidence !== 'weak')
    .map((h) => h.stack);
}

function describeStatus(status: number | undefined): string {
  if (status === 401 || status === 403) {
    return 'Auth rejected it: preflights never carry cookies or Authorization, so OPTIONS must be answered before authentication.';
  }
  if (status === 404 || status === 405) {
    return 'No route handles OPTIONS for this URL: the CORS middleware must answer it before routing.';
  }
  if (status !== undefined && status >= 500)
    return 'The server failed on OPTIONS: answer it before the application code runs.';
  if (status !== undefined && status >= 300 && status < 400)
    return 'A redirect is not a success for a preflight.';
  return '';
}

function describeMissing(status: number | undefined): string {
  if (status !== undefined && status >= 400) {
    return `This response is a ${status}: many frameworks skip CORS headers on error responses, so the browser hides the real error behind a CORS one. The configuration adds them to errors too — and the ${status} itself may be the thing to fix.`;
  }
  if (status !== undefined && status >= 300 && status < 400) {
    return `This response is a ${status} redirect: the redirect response itself needs the CORS headers (and a redirect to a login page usually means the request was not authenticated).`;
  }
  return 'No CORS header at all: the CORS configuration is not applied to this route (or a proxy/CDN strips it). The configuration applies it to every response.';
}

/**
 * The note leading proxy fixes: the proxy removes the failure in development only, whatever it was.
 * Opaque-origin and redirect notes still apply; header-level details belong to the server fixes.
 */
export function proxyReasonNotes(
  ctx: FixContext,
  exchange: Exchange,
  diagnosis: Diagnosis,
): string[] {
  const notes: string[] = [];
  const what = ctx.reason ? `the ${ctx.reason} failure` : 'this CORS failure';
  notes.push(
    `With the proxy the request is same-origin, so ${what} cannot happen in development: the browser checks no CORS headers at all. Production still needs one of the server fixes (or the same reverse proxy).`,
  );
  if (!ctx.originUsable) {
    notes.push(
      `The page's origin is \`${ctx.origin}\` (opaque: a file:// page or a sandboxed frame). Serve the page from the dev server too: it then has a real origin and the proxy makes the API same-origin.`,
    );
  }
  for (const n of reasonNotes(ctx, exchange, diagnosis))
    if (n.startsWith('The request reached')) notes.push(n);
  return notes;
}

/**
 * Tailored advice for one exchange: the reason's advice first, then what is specific to this case.
 * For reasons no configuration fixes, this is the whole answer.
 */
export function adviceForExchange(exchange: Exchange, diagnosis: Diagnosis): string[] {
  if (diagnosis.verdict !== 'blocked') return [];
  const lines: string[] = [];
  if (diagnosis.reason) lines.push(adviceFor(diagnosis.reason));
  const ctx = buildContext(exchange, diagnosis);
  if (!ctx) return lines;
  if (diagnosis.reason === 'RedirectContainsCredentials') {
    const loc = legsOf(exchange)
      .map((l) => headerValue(l?.response?.headers, 'location'))
      .find((l) => l !== undefined && parseTarget(l, ctx.targetUrl)?.hasUserinfo);
    if (loc)
      lines.push(`The redirect went to \`${redactUserinfo(loc)}\` (credentials hidden here).`);
    return lines;
  }
  if (diagnosis.reason && NOT_FIXABLE_BY_CONFIG.has(diagnosis.reason)) return lines;
  return [...lines, ...reasonNotes(ctx, exchange, diagnosis)];
}

/** Never repeat a password from a URL back to the user's screen or logs. */
function redactUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1***@');
}
