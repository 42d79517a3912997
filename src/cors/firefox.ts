/**
 * Firefox's CORS console reasons (`security.properties`) and their Chromium equivalents (reference
 * §4.4). Firefox prints straight or curly (U+2018/U+2019) quotes depending on version and locale
 * files; both are accepted.
 */
import { isValidAbsoluteUrl } from './url.ts';
import type { CorsErrorName } from './types.ts';

export type FirefoxReasonKey =
  | 'CORSDisabled'
  | 'CORSDidNotSucceed'
  | 'CORSOriginHeaderNotAdded'
  | 'CORSExternalRedirectNotAllowed'
  | 'CORSRequestNotHttp'
  | 'CORSMissingAllowOrigin'
  | 'CORSMultipleAllowOriginNotAllowed'
  | 'CORSAllowOriginNotMatchingOrigin'
  | 'CORSNotSupportingCredentials'
  | 'CORSMethodNotFound'
  | 'CORSMissingAllowCredentials'
  | 'CORSPreflightDidNotSucceed'
  | 'CORSInvalidAllowMethod'
  | 'CORSInvalidAllowHeader'
  | 'CORSMissingAllowHeaderFromPreflight'
  | 'CORSAllowHeaderFromPreflightDeprecation';

const Q = `[\u2018\u2019'"\`]`;
const V = `${Q}(.*?)${Q}`;

/** Reason texts (inside `(Reason: …)`), current and older MDN wordings. Compiled once. */
export const FIREFOX_REASONS: ReadonlyArray<{ key: FirefoxReasonKey; pattern: RegExp }> = [
  { key: 'CORSDisabled', pattern: /^CORS disabled/i },
  { key: 'CORSDidNotSucceed', pattern: /^CORS request did not succeed/i },
  {
    key: 'CORSOriginHeaderNotAdded',
    pattern: new RegExp(`^CORS header ${Q}Origin${Q} cannot be added`, 'i'),
  },
  {
    key: 'CORSExternalRedirectNotAllowed',
    pattern: /^CORS request external redirect not allowed/i,
  },
  { key: 'CORSRequestNotHttp', pattern: /^CORS request not HTTP/i },
  {
    key: 'CORSMissingAllowOrigin',
    pattern: new RegExp(`^CORS header ${Q}Access-Control-Allow-Origin${Q} missing`, 'i'),
  },
  {
    key: 'CORSMultipleAllowOriginNotAllowed',
    pattern: new RegExp(
      `^Multiple CORS header ${Q}Access-Control-Allow-Origin${Q} not allowed`,
      'i',
    ),
  },
  {
    key: 'CORSAllowOriginNotMatchingOrigin',
    pattern: new RegExp(
      `^CORS header ${Q}Access-Control-Allow-Origin${Q} does not match ${V}\\)?$`,
      'i',
    ),
  },
  {
    key: 'CORSNotSupportingCredentials',
    pattern: new RegExp(
      `^Credential is not supported if the CORS header ${Q}Access-Control-Allow-Origin${Q} is ${Q}\\*${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSMethodNotFound',
    pattern: new RegExp(
      `^Did not find method in CORS header ${Q}Access-Control-Allow-Methods${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSMissingAllowCredentials',
    pattern: new RegExp(
      `^expected ${Q}true${Q} in CORS header ${Q}Access-Control-Allow-Credentials${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSPreflightDidNotSucceed',
    pattern: /^CORS preflight (?:response|channel) did not succeed/i,
  },
  {
    key: 'CORSInvalidAllowMethod',
    pattern: new RegExp(
      `^invalid token ${V} in CORS header ${Q}Access-Control-Allow-Methods${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSInvalidAllowHeader',
    pattern: new RegExp(
      `^invalid token ${V} in CORS header ${Q}Access-Control-Allow-Headers${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSMissingAllowHeaderFromPreflight',
    pattern: new RegExp(
      `^(?:header|missing token) ${V} (?:is not allowed according to header|in CORS header) ${Q}Access-Control-Allow-Headers${Q}`,
      'i',
    ),
  },
  {
    key: 'CORSAllowHeaderFromPreflightDeprecation',
    pattern:
      /^When the .Access-Control-Allow-Headers. is .\*., the .Authorization. header is not covered/i,
  },
];

const KEY_TO_CORS_ERROR: Record<FirefoxReasonKey, CorsErrorName | undefined> = {
  CORSDisabled: undefined,
  CORSDidNotSucceed: undefined, // a network error in Chrome (net::ERR_*), not CORS
  CORSOriginHeaderNotAdded: undefined,
  CORSExternalRedirectNotAllowed: 'PreflightDisallowedRedirect',
  CORSRequestNotHttp: 'CorsDisabledScheme',
  CORSMissingAllowOrigin: 'MissingAllowOriginHeader',
  CORSMultipleAllowOriginNotAllowed: 'MultipleAllowOriginValues',
  CORSAllowOriginNotMatchingOrigin: 'AllowOriginMismatch',
  CORSNotSupportingCredentials: 'WildcardOriginNotAllowed',
  CORSMethodNotFound: 'MethodDisallowedByPreflightResponse',
  CORSMissingAllowCredentials: 'InvalidAllowCredentials',
  CORSPreflightDidNotSucceed: 'PreflightInvalidStatus',
  CORSInvalidAllowMethod: 'InvalidAllowMethodsPreflightResponse',
  CORSInvalidAllowHeader: 'InvalidAllowHeadersPreflightResponse',
  CORSMissingAllowHeaderFromPreflight: 'HeaderDisallowedByPreflightResponse',
  CORSAllowHeaderFromPreflightDeprecation: undefined, // a warning; Chrome allows the request
};

/**
 * The Chromium CorsError for a Firefox reason key (`security.properties` key, with or without its
 * version digit, e.g. `CORSMissingAllowOrigin2`). `value` refines the Allow-Origin case the way
 * Chrome would classify that header value. `undefined` when Chrome has no CORS equivalent.
 */
export function firefoxReasonToCorsError(key: string, value?: string): CorsErrorName | undefined {
  const base = key.replace(/\d+$/, '') as FirefoxReasonKey;
  if (!Object.hasOwn(KEY_TO_CORS_ERROR, base)) return undefined;
  if (base === 'CORSAllowOriginNotMatchingOrigin' && value !== undefined) {
    if (value.includes(' ') || value.includes(',')) return 'MultipleAllowOriginValues';
    if (value !== 'null' && !isValidAbsoluteUrl(value)) return 'InvalidAllowOriginValue';
  }
  return KEY_TO_CORS_ERROR[base];
}

export interface FirefoxLine {
  key: FirefoxReasonKey;
  url?: string;
  /** The quoted value in the reason (the Allow-Origin value, a token, a header name). */
  value?: string;
  status?: string;
}

const ENVELOPE =
  /reading the remote resource at [\u2018']?(\S+?)[\u2019']?\.? \(Reason: (.*?)\)(?:\.|\s|$)/i;
const STATUS = /Status code: (\S+?)\.?\s*$/i;

/** Parses a Firefox "Cross-Origin Request Blocked" console line. */
export function parseFirefoxLine(text: string): FirefoxLine | undefined {
  const m = ENVELOPE.exec(text);
  const reasonText = m ? m[2]! : /\(Reason: (.*)\)/i.exec(text)?.[1];
  if (reasonText === undefined) return undefined;
  for (const { key, pattern } of FIREFOX_REASONS) {
    const r = pattern.exec(reasonText.trim());
    if (!r) continue;
    const line: FirefoxLine = { key };
    if (m?.[1]) line.url = m[1];
    if (r[1] !== undefined) line.value = r[1];
    const s = STATUS.exec(text)?.[1];
    if (s !== undefined) line.status = s;
    return line;
  }
  return undefined;
}
