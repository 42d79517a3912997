/**
 * The console line Chromium prints for a CORS failure (Blink `cors_error_string.cc`), as checked
 * in Chromium 156: the newer `kNoCorsInformation` text without the "no-cors" advice, and
 * `Redirect location ''` because the network service sends no failed parameter for it.
 */
import { CORS_ERRORS, type CorsErrorName, type Initiator } from './types.ts';

/** Chromium 156's list, in its order (`SchemeRegistry::ListOfCorsEnabledURLSchemes`). */
export const CORS_ENABLED_SCHEMES_TEXT =
  'chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app';

const NO_CORS_INFORMATION = ' Have the server send the header with a valid value.';
const XHR_CREDENTIALS_HINT =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';
export const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

/** Chromium names every error of the preflight's own access check `Preflight…`. */
const PREFLIGHT_ERRORS: ReadonlySet<CorsErrorName> = new Set(
  CORS_ERRORS.filter((name) => name.startsWith('Preflight')),
);

export function isPreflightError(reason: CorsErrorName): boolean {
  return PREFLIGHT_ERRORS.has(reason);
}

export function resourceKind(initiator: Initiator): string {
  return initiator === 'fetch' ? 'fetch' : initiator === 'xhr' ? 'XMLHttpRequest' : 'resource';
}

export interface ConsoleInput {
  reason: CorsErrorName;
  failedParameter: string;
  initialUrl: string;
  lastUrl: string;
  /** The page's origin (the console shows it even when the request's Origin was `null`). */
  origin: string;
  initiator: Initiator;
  /** For the Local Network Access texts: `loopback`, `local`, `public` or `unknown`. */
  resourceAddressSpace?: string;
}

/** The text after "has been blocked by CORS policy: ". */
export function consoleBody(
  reason: CorsErrorName,
  hint: string,
  initiator: Initiator,
  space = 'unknown',
): string {
  const fetchSuffix = initiator === 'fetch' ? NO_CORS_INFORMATION : '';
  const xhrSuffix = initiator === 'xhr' ? XHR_CREDENTIALS_HINT : '';
  switch (reason) {
    case 'DisallowedByMode':
      return 'Cross origin requests are not allowed by request mode.';
    case 'InvalidResponse':
      return 'The response is invalid.';
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return `The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.${xhrSuffix}`;
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.${fetchSuffix}`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.${fetchSuffix}`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.${fetchSuffix}`;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.${xhrSuffix}`;
    case 'CorsDisabledScheme':
      return `Cross origin requests are only supported for protocol schemes: ${CORS_ENABLED_SCHEMES_TEXT}.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'RedirectContainsCredentials':
      return `Redirect location '${hint}' contains a username and password, which is disallowed for cross-origin requests.`;
    case 'InsecureLocalNetwork':
      return `The request client is not a secure context and the resource is in more-private address space \`${space}\`.`;
    case 'InvalidLocalNetworkAccess':
      return `Request had a target IP address space of \`${hint || 'unknown'}\` yet the resource is in address space \`${space}\`.`;
    case 'LocalNetworkAccessPermissionDenied':
      return `Permission was denied for this request to access the \`${space}\` address space.`;
    case 'NoCorsRedirectModeNotFollow':
      return 'Request mode is "no-cors" but the redirect mode is not "follow".';
  }
}

/**
 * Chromium's `EncodeHint`: the hint's UTF-8 bytes, printable ASCII kept, every other byte written as
 * `\u00XX` (checked in Chromium 156: a header byte 0xC3 shows as `\u00C3\u0083`).
 */
function encodeHint(hint: string): string {
  let plain = true;
  for (let i = 0; i < hint.length; i++) {
    const c = hint.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return hint;
  let out = '';
  for (const byte of utf8(hint)) {
    out +=
      byte >= 0x20 && byte < 0x7f
        ? String.fromCharCode(byte)
        : `\\u00${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** UTF-8 bytes of a string (lone surrogates as U+FFFD, like the encoder would). */
function utf8(s: string): number[] {
  const bytes: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      bytes.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return bytes;
}

/** The full console line. */
export function consoleMessage(input: ConsoleInput): string {
  const { reason, initialUrl, lastUrl, origin, initiator } = input;
  const hint = encodeHint(input.failedParameter);
  // Renderer-side checks in fetch() print their own "Fetch API cannot load" lines.
  if (initiator === 'fetch' && initialUrl === lastUrl) {
    if (reason === 'DisallowedByMode') {
      return `Fetch API cannot load ${lastUrl}. Request mode is "same-origin" but the URL's origin is not same as the request origin ${origin}.`;
    }
    if (reason === 'CorsDisabledScheme') {
      const colon = lastUrl.indexOf(':');
      const scheme = colon > 0 ? lastUrl.slice(0, colon).toLowerCase() : lastUrl;
      return `Fetch API cannot load ${lastUrl}. URL scheme "${scheme}" is not supported.`;
    }
  }
  if (reason === 'NoCorsRedirectModeNotFollow') {
    return `Fetch API cannot load ${lastUrl}. ${consoleBody(reason, hint, initiator)}`;
  }
  const redirected = initialUrl !== lastUrl ? `(redirected from '${initialUrl}') ` : '';
  const prefix = isPreflightError(reason) ? PREFLIGHT_PREFIX : '';
  return (
    `Access to ${resourceKind(initiator)} at '${lastUrl}' ${redirected}from origin '${origin}' has been blocked by CORS policy: ` +
    prefix +
    consoleBody(reason, hint, initiator, input.resourceAddressSpace)
  );
}
