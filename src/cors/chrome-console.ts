/** Parses a pasted Chromium console line back into its CorsError, failed parameter, URL and origin. */
import { PREFLIGHT_PREFIX } from './console-messages.ts';
import type { CorsErrorName, Initiator } from './types.ts';

export interface ChromeLine {
  reason: CorsErrorName;
  failedParameter: string;
  url?: string;
  initialUrl?: string;
  origin?: string;
  initiator: Initiator;
  /** The address space named by Local Network Access texts. */
  space?: string;
}

/*
 * Every parser here runs on each keystroke of a paste of any size, so each is linear: the envelope
 * is cut with a fixed number of indexOf/lastIndexOf calls (a lazy-quantifier regex for it took
 * seconds on 20 KB of repeated "Access to fetch at '"), and the regexes left are anchored or only
 * start at a literal whose match ends at the first space or quote.
 */
const BLOCKED = ' has been blocked by CORS policy: ';
const FROM_ORIGIN = " from origin '";
const REDIRECTED = "' (redirected from '";

interface Envelope {
  kind: string;
  url: string;
  initialUrl?: string;
  origin: string;
  body: string;
}

/** `Access to KIND at 'URL' [(redirected from 'URL') ]from origin 'ORIGIN' has been blocked by CORS policy: BODY`. */
function readEnvelope(text: string): Envelope | undefined {
  const blocked = text.indexOf(BLOCKED);
  if (blocked < 1 || text[blocked - 1] !== "'") return undefined;
  const from = text.lastIndexOf(FROM_ORIGIN, blocked);
  if (from < 0) return undefined;
  const access = text.lastIndexOf('Access to ', from);
  if (access < 0) return undefined;
  const at = text.indexOf(" at '", access + 10);
  if (at < 0 || at >= from) return undefined;
  const end = text.indexOf('\n', blocked);
  const env: Envelope = {
    kind: text.slice(access + 10, at),
    url: '',
    origin: text.slice(from + FROM_ORIGIN.length, blocked - 1),
    body: text.slice(blocked + BLOCKED.length, end < 0 ? text.length : end),
  };
  const redirected = text.lastIndexOf(REDIRECTED, from);
  if (redirected > at && text.startsWith("')", from - 2)) {
    env.url = text.slice(at + 5, redirected);
    env.initialUrl = text.slice(redirected + REDIRECTED.length, from - 2);
  } else if (text[from - 1] === "'") {
    env.url = text.slice(at + 5, from - 1);
  } else return undefined;
  return env;
}
const FETCH_API =
  /Fetch API cannot load (\S+?)\.? (Request mode is "same-origin"[^\n]*|URL scheme "[^"]*" is not supported|Request mode is "no-cors"[^\n]*)/;
const LEGACY_XHR = /XMLHttpRequest cannot load (\S+?)\. ([^\n]*)/;

type Body = { pattern: RegExp; reason: CorsErrorName; preflightReason?: CorsErrorName };

/** Body texts, old and new wordings, each with the twin reported when the preflight prefix is present. */
const BODIES: Body[] = [
  {
    pattern: /^No 'Access-Control-Allow-Origin' header is present on the requested resource/,
    reason: 'MissingAllowOriginHeader',
    preflightReason: 'PreflightMissingAllowOriginHeader',
  },
  {
    pattern:
      /^The 'Access-Control-Allow-Origin' header contains multiple values '(.*)', but only one is allowed/,
    reason: 'MultipleAllowOriginValues',
    preflightReason: 'PreflightMultipleAllowOriginValues',
  },
  {
    pattern: /^The 'Access-Control-Allow-Origin' header contains the invalid value '(.*)'\./,
    reason: 'InvalidAllowOriginValue',
    preflightReason: 'PreflightInvalidAllowOriginValue',
  },
  {
    pattern:
      /^The 'Access-Control-Allow-Origin' header has a value '(.*)' that is not equal to the supplied origin/,
    reason: 'AllowOriginMismatch',
    preflightReason: 'PreflightAllowOriginMismatch',
  },
  {
    pattern:
      /^The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '\*'/,
    reason: 'WildcardOriginNotAllowed',
    preflightReason: 'PreflightWildcardOriginNotAllowed',
  },
  {
    pattern:
      /^The value of the 'Access-Control-Allow-Credentials' header in the response is '(.*)' which must be 'true'/,
    reason: 'InvalidAllowCredentials',
    preflightReason: 'PreflightInvalidAllowCredentials',
  },
  { pattern: /^It does not have HTTP ok status/, reason: 'PreflightInvalidStatus' },
  {
    pattern: /^Redirect is not allowed for a preflight request/,
    reason: 'PreflightDisallowedRedirect',
  },
  {
    pattern: /^Cannot parse Access-Control-Allow-Methods/,
    reason: 'InvalidAllowMethodsPreflightResponse',
  },
  {
    pattern: /^Cannot parse Access-Control-Allow-Headers/,
    reason: 'InvalidAllowHeadersPreflightResponse',
  },
  {
    pattern: /^Method (\S*) is not allowed by Access-Control-Allow-Methods/,
    reason: 'MethodDisallowedByPreflightResponse',
  },
  {
    pattern: /^Request header field (\S*) is not allowed by Access-Control-Allow-Headers/,
    reason: 'HeaderDisallowedByPreflightResponse',
  },
  {
    pattern: /^Redirect location '(.*)' contains a username and password/,
    reason: 'RedirectContainsCredentials',
  },
  {
    pattern: /^Cross origin requests are only supported for protocol schemes/,
    reason: 'CorsDisabledScheme',
  },
  { pattern: /^Cross origin requests are not allowed by request mode/, reason: 'DisallowedByMode' },
  { pattern: /^The response is invalid/, reason: 'InvalidResponse' },
  {
    pattern:
      /^The request client is not a secure context and the resource is in more-private address space `(\w*)`/,
    reason: 'InsecureLocalNetwork',
  },
  {
    pattern:
      /^Request had a target IP address space of `(\w*)` yet the resource is in address space `(\w*)`/,
    reason: 'InvalidLocalNetworkAccess',
  },
  {
    pattern: /^Permission was denied for this request to access the `(\w*)` address space/,
    reason: 'LocalNetworkAccessPermissionDenied',
  },
  { pattern: /^Request mode is "same-origin"/, reason: 'DisallowedByMode' },
  { pattern: /^URL scheme "[^"]*" is not supported/, reason: 'CorsDisabledScheme' },
  {
    pattern: /^Request mode is "no-cors" but the redirect mode is not "follow"/,
    reason: 'NoCorsRedirectModeNotFollow',
  },
];

const LNA_REASONS: ReadonlySet<CorsErrorName> = new Set([
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'LocalNetworkAccessPermissionDenied',
]);

function initiatorOf(kind: string): Initiator {
  return kind === 'fetch' ? 'fetch' : kind === 'XMLHttpRequest' ? 'xhr' : 'other';
}

function matchBody(
  body: string,
): { reason: CorsErrorName; failedParameter: string; space?: string } | undefined {
  let text = body.trim();
  const preflight = text.startsWith(PREFLIGHT_PREFIX);
  if (preflight) text = text.slice(PREFLIGHT_PREFIX.length);
  for (const b of BODIES) {
    const m = b.pattern.exec(text);
    if (!m) continue;
    const reason = preflight && b.preflightReason ? b.preflightReason : b.reason;
    if (LNA_REASONS.has(reason)) {
      // The address space is not a failed parameter; InvalidLocalNetworkAccess names two.
      const out: { reason: CorsErrorName; failedParameter: string; space?: string } = {
        reason,
        failedParameter: reason === 'InvalidLocalNetworkAccess' ? (m[1] ?? '') : '',
      };
      const space = reason === 'InvalidLocalNetworkAccess' ? m[2] : m[1];
      if (space) out.space = space;
      return out;
    }
    return { reason, failedParameter: m[1] ?? '' };
  }
  return undefined;
}

export function parseChromeLine(text: string): ChromeLine | undefined {
  const env = readEnvelope(text);
  if (env) {
    const body = matchBody(env.body);
    if (!body) return undefined;
    const line: ChromeLine = {
      reason: body.reason,
      failedParameter: body.failedParameter,
      url: env.url,
      origin: env.origin,
      initiator: initiatorOf(env.kind),
    };
    if (env.initialUrl !== undefined) line.initialUrl = env.initialUrl;
    if (body.space) line.space = body.space;
    return line;
  }
  const fetchApi = FETCH_API.exec(text);
  if (fetchApi) {
    const body = matchBody(fetchApi[2]!);
    if (!body) return undefined;
    const line: ChromeLine = {
      reason: body.reason,
      failedParameter: '',
      url: fetchApi[1]!,
      initiator: 'fetch',
    };
    const origin = /request origin (\S+?)\.?$/.exec(fetchApi[2]!)?.[1];
    if (origin) line.origin = origin;
    return line;
  }
  const legacy = LEGACY_XHR.exec(text);
  if (legacy) {
    const body = matchBody(legacy[2]!);
    if (!body) return undefined;
    const line: ChromeLine = {
      reason: body.reason,
      failedParameter: body.failedParameter,
      url: legacy[1]!,
      initiator: 'xhr',
    };
    const origin = between(legacy[2]!, "Origin '", "' is therefore not allowed access");
    if (origin) line.origin = origin;
    return line;
  }
  return undefined;
}

/** The text between the first `open` and the first `close` after it. */
function between(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(close, start + open.length);
  return end < 0 ? undefined : text.slice(start + open.length, end);
}
