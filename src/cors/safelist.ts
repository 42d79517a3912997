/**
 * CORS-safelisted methods and request headers, as Chromium implements them
 * (`services/network/public/cpp/cors/cors.cc: IsCorsSafelistedHeader`), including its extras.
 */
import { isLws, isTokenChar, byteLength } from './headers.ts';

export function isSafelistedMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'POST';
}

/** The spec's safelist. */
export const SPEC_SAFELISTED_NAMES: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'range',
]);

/** Names Chromium also safelists (client hints, `intervention`): a deviation from the spec. */
export const CHROMIUM_EXTRA_SAFELISTED_NAMES: ReadonlySet<string> = new Set([
  'intervention',
  'device-memory',
  'dpr',
  'width',
  'viewport-width',
  'rtt',
  'downlink',
  'ect',
  'save-data',
  'sec-ch-ua',
  'sec-ch-ua-arch',
  'sec-ch-ua-platform',
  'sec-ch-ua-model',
  'sec-ch-ua-mobile',
  'sec-ch-ua-full-version',
  'sec-ch-ua-platform-version',
  'sec-ch-prefers-color-scheme',
  'sec-ch-ua-bitness',
  'sec-ch-viewport-height',
  'sec-ch-device-memory',
  'sec-ch-dpr',
  'sec-ch-width',
  'sec-ch-viewport-width',
  'sec-ch-ua-full-version-list',
  'sec-ch-ua-wow64',
  'sec-ch-prefers-reduced-motion',
  'sec-ch-ua-form-factors',
  'sec-ch-prefers-reduced-transparency',
]);

/** Per-value limit, in bytes. */
export const SAFELISTED_VALUE_MAX = 128;

const SAFE_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
  // Behind kProtectedAudienceCorsSafelistKVv2Signals, enabled by default.
  'message/ad-auction-trusted-signals-request',
]);

const ECT_VALUES = new Set(['slow-2g', '2g', '3g', '4g']);

/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte */
export function isCorsUnsafeByte(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09) ||
    c === 0x22 || // "
    c === 0x28 || // (
    c === 0x29 || // )
    c === 0x3a || // :
    c === 0x3c || // <
    c === 0x3e || // >
    c === 0x3f || // ?
    c === 0x40 || // @
    c === 0x5b || // [
    c === 0x5c || // \
    c === 0x5d || // ]
    c === 0x7b || // {
    c === 0x7d || // }
    c === 0x7f
  );
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeByte(value.charCodeAt(i))) return true;
  return false;
}

function isLanguageChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x20 ||
    c === 0x2a ||
    c === 0x2c ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x3b ||
    c === 0x3d
  );
}

function isTokenRange(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * `net::ExtractMimeTypeFromMediaType(value, accept_comma_separated=false)`: the part before `;`
 * must be exactly `type/subtype` with whitespace allowed only before the type and after the subtype.
 * Returns the essence or `undefined`.
 */
export function extractMimeEssence(lowerValue: string): string | undefined {
  const semi = lowerValue.indexOf(';');
  const end = semi < 0 ? lowerValue.length : semi;
  const slash = lowerValue.indexOf('/');
  if (slash < 0 || slash >= end) return undefined;
  if (lowerValue.indexOf('/', slash + 1) >= 0 && lowerValue.indexOf('/', slash + 1) < end) {
    return undefined;
  }
  let typeStart = 0;
  while (typeStart < slash && isWhitespace(lowerValue.charCodeAt(typeStart))) typeStart++;
  let subEnd = end;
  while (subEnd > slash + 1 && isWhitespace(lowerValue.charCodeAt(subEnd - 1))) subEnd--;
  if (!isTokenRange(lowerValue, typeStart, slash) || !isTokenRange(lowerValue, slash + 1, subEnd)) {
    return undefined;
  }
  return lowerValue.slice(typeStart, slash) + '/' + lowerValue.slice(slash + 1, subEnd);
}

function isWhitespace(c: number): boolean {
  // base::TrimWhitespaceASCII; CR/LF/VT/FF are already rejected as unsafe bytes.
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d;
}

/** `base::StringToInt64`: optional sign, then digits only, within int64. */
function parseInt64(s: string): number | undefined {
  let i = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return undefined;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++; // leading zeros
  const digits = s.slice(i);
  // Beyond 2^63 the C++ parse fails; compare as strings to stay exact without BigInt.
  if (
    digits.length > 19 ||
    (digits.length === 19 && digits > (negative ? '9223372036854775808' : '9223372036854775807'))
  ) {
    return undefined;
  }
  const n = Number(digits);
  return negative ? -n : n;
}

/** Chromium's simple-range rule: `bytes=first-[last]`, one range, no suffix, no whitespace. */
export function isSimpleRange(lowerValue: string): boolean {
  for (let i = 0; i < lowerValue.length; i++) {
    const c = lowerValue.charCodeAt(i);
    if (isLws(c) || c === 0x2c) return false;
  }
  const eq = lowerValue.indexOf('=');
  if (eq < 0 || lowerValue.slice(0, eq) !== 'bytes') return false;
  const spec = lowerValue.slice(eq + 1);
  const dash = spec.indexOf('-');
  if (dash < 0) return false;
  const firstText = spec.slice(0, dash);
  const lastText = spec.slice(dash + 1);
  if (firstText === '') return false; // suffix range (or nothing at all)
  const first = parseInt64(firstText);
  if (first === undefined || first < 0) return false;
  if (lastText === '') return true;
  const last = parseInt64(lastText);
  return last !== undefined && last >= first;
}

function isDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `1*DIGIT [ "." 1*DIGIT ]` */
function isDecimal(value: string): boolean {
  const dot = value.indexOf('.');
  if (dot < 0) return isDigits(value);
  return isDigits(value.slice(0, dot)) && isDigits(value.slice(dot + 1));
}

export type SafelistVerdict = 'safelisted' | 'not-safelisted' | 'value-not-safe' | 'value-too-long';

/** Why a header is or is not CORS-safelisted; `lowerName` must already be lower case. */
export function safelistVerdict(lowerName: string, value: string): SafelistVerdict {
  const known =
    SPEC_SAFELISTED_NAMES.has(lowerName) || CHROMIUM_EXTRA_SAFELISTED_NAMES.has(lowerName);
  if (!known) return 'not-safelisted';
  if (byteLength(value) > SAFELISTED_VALUE_MAX) return 'value-too-long';
  return isSafeValue(lowerName, value) ? 'safelisted' : 'value-not-safe';
}

function isSafeValue(lowerName: string, value: string): boolean {
  switch (lowerName) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      for (let i = 0; i < value.length; i++) if (!isLanguageChar(value.charCodeAt(i))) return false;
      return true;
    case 'content-type': {
      const lower = value.toLowerCase();
      if (hasUnsafeByte(lower)) return false;
      const essence = extractMimeEssence(lower);
      return essence !== undefined && SAFE_CONTENT_TYPES.has(essence);
    }
    case 'range':
      return isSimpleRange(value.toLowerCase());
    case 'device-memory':
    case 'dpr':
    case 'downlink':
      return isDecimal(value);
    case 'width':
    case 'viewport-width':
    case 'rtt':
      return isDigits(value);
    case 'ect':
      return ECT_VALUES.has(value);
    case 'save-data':
      return value.toLowerCase() === 'on';
    default:
      return true; // intervention, sec-ch-*: any value
  }
}

/** `IsCorsSafelistedHeader(name, value)`. */
export function isSafelistedHeader(name: string, value: string): boolean {
  return safelistVerdict(name.toLowerCase(), value) === 'safelisted';
}
