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

const STATUS = /Status code: (\S+?)\.?\s*$/i;
const REASON = '(reason: ';
const AT = 'reading the remote resource at ';

/**
 * `… reading the remote resource at URL. (Reason: TEXT). Status code: N.` cut with indexOf, so a
 * paste of any shape is read in linear time (the lazy regex this replaces was quadratic).
 */
function readEnvelope(text: string): { url?: string; reason: string } | undefined {
  const lower = text.toLowerCase();
  const reason = lower.indexOf(REASON);
  if (reason < 0) return undefined;
  const start = reason + REASON.length;
  // The reason ends at the `)` followed by `.`, a space or the end; else at the last `)`.
  let close = text.indexOf(')', start);
  while (close >= 0 && close + 1 < text.length && !/[.\s]/.test(text[close + 1]!)) {
    close = text.indexOf(')', close + 1);
  }
  if (close < 0) close = text.lastIndexOf(')');
  if (close < start) return undefined;
  const out: { url?: string; reason: string } = { reason: text.slice(start, close) };
  const at = lower.lastIndexOf(AT, reason);
  if (at >= 0) {
    let url = text.slice(at + AT.length, reason).trimEnd();
    if (url.endsWith('.')) url = url.slice(0, -1);
    url = url.replace(/^[\u2018']/, '').replace(/[\u2019']$/, '');
    if (url !== '' && !/\s/.test(url)) out.url = url;
  }
  return out;
}

/** Parses a Firefox "Cross-Origin Request Blocked" console line. */
export function parseFirefoxLine(text: string): FirefoxLine | undefined {
  const env = readEnvelope(text);
  if (env === undefined) return undefined;
  const reasonText = env.reason;
  for (const { key, pattern } of FIREFOX_REASONS) {
    const r = pattern.exec(reasonText.trim());
    if (!r) continue;
    const line: FirefoxLine = { key };
    if (env.url) line.url = env.url;
    if (r[1] !== undefined) line.value = r[1];
    const s = STATUS.exec(text)?.[1];
    if (s !== undefined) line.status = s;
    return line;
  }
  return undefined;
}

/**
 * Every Firefox CORS message in a pasted block, in order. Firefox prints one message per line; a
 * failed preflight is followed by a second one for the same URL ("CORS request did not succeed …
 * Status code: (null)."), so a paste often holds two. Text whose lines hold no message on their own
 * (a message wrapped by the copy) is read as one message.
 */
export function parseFirefoxLines(text: string): FirefoxLine[] {
  const lines: FirefoxLine[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (!/\(Reason:/i.test(raw)) continue;
    const line = parseFirefoxLine(raw);
    if (line) lines.push(line);
  }
  // One line that held no message: reading it again with its spaces collapsed changes nothing.
  if (lines.length > 0 || !/[\r\n]/.test(text) || !/\(Reason:/i.test(text)) return lines;
  const whole = parseFirefoxLine(collapseSpaces(text));
  return whole ? [whole] : [];
}

/**
 * Runs of whitespace as one space. A loop rather than `replace(/\s+/g, ' ')`, which V8 ran in
 * more than linear time on megabyte pastes with many short runs.
 */
function collapseSpaces(text: string): string {
  let out = '';
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    out += `${text.slice(start, i)} `;
    start = j;
    i = j;
  }
  return out + text.slice(start);
}

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff
  );
}

/**
 * Chromium's preflight-stage name for each response-stage reason whose Firefox text is the same for
 * a preflight's response and the actual response (Firefox's check runs on both alike).
 */
export const PREFLIGHT_TWIN: Readonly<Partial<Record<CorsErrorName, CorsErrorName>>> = {
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/**
 * Statuses servers give an OPTIONS request they have no route for ("method not allowed", "not
 * implemented"), and rarely a request they serve. A 404 is not among them: a GET to a wrong URL
 * gets one as often as an unhandled preflight does.
 */
export const PREFLIGHT_HINT_STATUSES: ReadonlySet<string> = new Set(['405', '501']);

/** What a pasted block of Firefox console text says, read together. */
export interface FirefoxPaste {
  /** The message to explain: the first that names a reason, else the first. */
  primary: FirefoxLine;
  /**
   * A "CORS request did not succeed" message for the primary's URL: what Firefox prints after a
   * failed preflight (and after a request that got no response at all).
   */
  followUp?: FirefoxLine;
  /** Why the primary is read as being about a preflight although its words fit both responses. */
  preflightBy?: 'follow-up' | 'status';
  /** Further messages in the paste (other URLs or reasons), not explained. */
  others: number;
}

const isDidNotSucceed = (line: FirefoxLine): boolean => line.key === 'CORSDidNotSucceed';

/** Reads every Firefox CORS message in `text` and decides which one to explain, and how. */
export function readFirefoxPaste(text: string): FirefoxPaste | undefined {
  const lines = parseFirefoxLines(text);
  const primary = lines.find((l) => !isDidNotSucceed(l)) ?? lines[0];
  if (!primary) return undefined;
  const followUp = isDidNotSucceed(primary)
    ? undefined
    : lines.find((l) => isDidNotSucceed(l) && l.url === primary.url);
  const paste: FirefoxPaste = {
    primary,
    others: lines.length - 1 - (followUp ? 1 : 0),
  };
  if (followUp) paste.followUp = followUp;
  const mapped = firefoxReasonToCorsError(primary.key, primary.value);
  if (mapped !== undefined && PREFLIGHT_TWIN[mapped] !== undefined) {
    if (followUp) paste.preflightBy = 'follow-up';
    else if (primary.status !== undefined && PREFLIGHT_HINT_STATUSES.has(primary.status)) {
      paste.preflightBy = 'status';
    }
  }
  return paste;
}
