/**
 * `explainConsoleMessage`: a pasted Chrome or Firefox console line → the same explanation the engine
 * gives for a recorded exchange of that kind. Only what the line says is known; the rest is left
 * generic rather than invented.
 */
import { parseChromeLine, type ChromeLine } from './chrome-console.ts';
import { INCLUDE_ONLY_ERRORS } from './credentials.ts';
import { buildWords } from './explain.ts';
import {
  firefoxReasonToCorsError,
  PREFLIGHT_TWIN,
  readFirefoxPaste,
  type FirefoxLine,
  type FirefoxPaste,
} from './firefox.ts';
import type { NormalExchange, NormalLeg } from './normalize.ts';
import { normalizeOrigin } from './origin.ts';
import { stageOfReason, type Outcome, type Stage } from './outcome.ts';
import { safelistVerdict } from './safelist.ts';
import { parseUrl } from './url.ts';
import type { CorsErrorName, Culprit, Diagnosis, PreflightReason } from './types.ts';

export type ConsoleExplanation =
  | {
      source: 'chrome' | 'firefox';
      reason?: CorsErrorName;
      failedParameter?: string;
      url?: string;
      origin?: string;
      diagnosis: Diagnosis;
    }
  | { error: string };

const MAX_INPUT = 20_000;

const NO_HINTS = { cookie: false, storageAccess: false, authorization: false };

const VALUE_CARRYING: ReadonlySet<CorsErrorName> = new Set([
  'AllowOriginMismatch',
  'InvalidAllowOriginValue',
  'MultipleAllowOriginValues',
  'HeaderDisallowedByPreflightResponse',
]);

const HEADER_OF: Partial<Record<CorsErrorName, string>> = {
  WildcardOriginNotAllowed: 'Access-Control-Allow-Origin',
  MissingAllowOriginHeader: 'Access-Control-Allow-Origin',
  MultipleAllowOriginValues: 'Access-Control-Allow-Origin',
  InvalidAllowOriginValue: 'Access-Control-Allow-Origin',
  AllowOriginMismatch: 'Access-Control-Allow-Origin',
  InvalidAllowCredentials: 'Access-Control-Allow-Credentials',
  PreflightWildcardOriginNotAllowed: 'Access-Control-Allow-Origin',
  PreflightMissingAllowOriginHeader: 'Access-Control-Allow-Origin',
  PreflightMultipleAllowOriginValues: 'Access-Control-Allow-Origin',
  PreflightInvalidAllowOriginValue: 'Access-Control-Allow-Origin',
  PreflightAllowOriginMismatch: 'Access-Control-Allow-Origin',
  PreflightInvalidAllowCredentials: 'Access-Control-Allow-Credentials',
  InvalidAllowMethodsPreflightResponse: 'Access-Control-Allow-Methods',
  MethodDisallowedByPreflightResponse: 'Access-Control-Allow-Methods',
  InvalidAllowHeadersPreflightResponse: 'Access-Control-Allow-Headers',
  HeaderDisallowedByPreflightResponse: 'Access-Control-Allow-Headers',
  PreflightDisallowedRedirect: 'Location',
  RedirectContainsCredentials: 'Location',
};

function culpritOf(reason: CorsErrorName, stage: Stage, legIndex: number, value: string): Culprit {
  const where: Culprit['where'] =
    stage === 'preflight' ? 'preflight-response' : stage === 'request' ? 'request' : 'response';
  const c: Culprit = { where, legIndex };
  const header = HEADER_OF[reason];
  if (header) c.header = header;
  if (
    value !== '' &&
    header &&
    header !== 'Access-Control-Allow-Methods' &&
    header !== 'Access-Control-Allow-Headers'
  )
    c.value = value;
  return c;
}

function preflightReasonsOf(reason: CorsErrorName, param: string): PreflightReason[] {
  if (reason === 'MethodDisallowedByPreflightResponse' && param)
    return [{ kind: 'method', method: param }];
  if (reason === 'HeaderDisallowedByPreflightResponse' && param) {
    const v = safelistVerdict(param, '');
    return [
      {
        kind: 'header',
        header: param,
        why: v === 'not-safelisted' ? 'not-safelisted' : 'value-not-safe',
      },
    ];
  }
  return [];
}

/** A console line read by either parser: the Chrome parser's fields, and which browser wrote it. */
interface Parsed extends Omit<ChromeLine, 'space'> {
  source: 'chrome' | 'firefox';
}

/** Explains a reason as if a recorded exchange had produced it. */
function diagnosisFor(p: Parsed, notes: string[]): Diagnosis {
  const url = p.url ?? '';
  const page = p.origin !== undefined ? normalizeOrigin(p.origin) : '';
  // An empty method tells the wording the method is unknown.
  const method = p.reason === 'MethodDisallowedByPreflightResponse' ? p.failedParameter : '';
  const legs: NormalLeg[] = [];
  if (p.initialUrl !== undefined && p.initialUrl !== url) {
    legs.push({
      request: { url: p.initialUrl, method, headers: [] },
      url: parseUrl(p.initialUrl),
      hints: NO_HINTS,
    });
  }
  legs.push({ request: { url, method, headers: [] }, url: parseUrl(url), hints: NO_HINTS });
  const ex: NormalExchange = {
    initiatorOrigin: page,
    mode: 'cors',
    initiator: p.initiator,
    forcedPreflight: false,
    legs,
    observed: { corsError: p.reason },
  };
  const stage = stageOfReason(p.reason);
  const legIndex = legs.length - 1;
  const preflightish = stage === 'preflight';
  const reasons = preflightReasonsOf(p.reason, p.failedParameter);
  const outcome: Outcome = {
    verdict: 'blocked',
    reason: p.reason,
    failedParameter: p.failedParameter,
    legIndex,
    stage,
    checks: [],
    culprit: culpritOf(p.reason, stage, legIndex, p.failedParameter),
    preflight: { needed: preflightish, sent: preflightish, reasons },
    // After a redirect the browser may have sent `Origin: null`; the line cannot tell.
    requestOrigin: page,
    cors: true,
    preflightAssumedCached: false,
    authorizationCoveredByWildcard: false,
    ambiguousHeaders: [],
    notes: [],
  };
  const include = INCLUDE_ONLY_ERRORS.has(p.reason);
  const words = buildWords(
    ex,
    outcome,
    { verdict: 'blocked', reason: p.reason, failedParameter: p.failedParameter },
    include,
  );
  if (legs.length > 1) {
    notes.push(
      'The request was redirected; after a redirect to another origin the browser sends "Origin: null", which the server must then allow.',
    );
  }
  const d: Diagnosis = {
    verdict: 'blocked',
    reason: p.reason,
    failedParameter: p.failedParameter,
    preflight: outcome.preflight,
    credentials: {
      mode: include ? 'include' : 'same-origin',
      inferred: true,
      evidence: include
        ? [`${p.reason} only happens to requests with credentials.`]
        : ['The console line does not say; fetch() defaults to credentials: "same-origin".'],
      verdictDependsOnIt: false,
    },
    checks: [],
    culprit: outcome.culprit!,
    summary: words.summary,
    explanation: words.explanation,
    notes,
  };
  if (words.consoleMessage && p.source === 'chrome') d.consoleMessage = words.consoleMessage;
  return d;
}

function networkDiagnosis(summary: string, explanation: string[], notes: string[]): Diagnosis {
  return {
    verdict: 'network-error',
    preflight: { needed: false, sent: false, reasons: [] },
    credentials: { mode: 'same-origin', inferred: true, evidence: [], verdictDependsOnIt: false },
    checks: [],
    summary,
    explanation,
    notes,
  };
}

const DID_NOT_SUCCEED = '"CORS request did not succeed … Status code: (null)"';

/**
 * Firefox's "CORS request did not succeed": no response was read. Firefox prints it after a failed
 * preflight (for the request the preflight stopped) as well as when the network failed, so alone it
 * cannot say which; the message before it, for the same URL, can.
 */
function didNotSucceed(ff: FirefoxLine, notes: string[]): ConsoleExplanation {
  const out: ConsoleExplanation = {
    source: 'firefox',
    diagnosis: networkDiagnosis(
      'Firefox: CORSDidNotSucceed. Either a preflight failed (see the message before this one) or the request got no response.',
      [
        `Firefox prints ${DID_NOT_SUCCEED} in two situations.`,
        'Right after a failed preflight: the message just before it, for the same URL, names what was wrong with the preflight\'s response (for example "CORS header ‘Access-Control-Allow-Origin’ missing. Status code: 404."). That one is the reason: read it, or paste both messages.',
        'When no response arrived at all: the server is down, the port is wrong, a TLS certificate is not trusted, or an extension blocked the request. Chrome shows that as a net::ERR_* error, not as CORS.',
      ],
      notes,
    ),
  };
  if (ff.url !== undefined) out.url = ff.url;
  return out;
}

/** A Firefox paste: the primary message explained, read together with the ones around it. */
function explainFirefox(paste: FirefoxPaste): ConsoleExplanation {
  const ff = paste.primary;
  const mapped = firefoxReasonToCorsError(ff.key, ff.value);
  const notes = [`Firefox reason ${ff.key}${mapped ? `; Chrome reports this as ${mapped}` : ''}.`];
  if (paste.others > 0) {
    notes.push(
      `The pasted text holds ${paste.others} more CORS message${paste.others === 1 ? '' : 's'}; only the first is explained here.`,
    );
  }
  if (ff.key === 'CORSDidNotSucceed') return didNotSucceed(ff, notes);
  if (!mapped) {
    const base =
      ff.key === 'CORSAllowHeaderFromPreflightDeprecation'
        ? 'A warning, not a block: "Access-Control-Allow-Headers: *" does not cover Authorization by the standard. List Authorization explicitly. (Chrome still lets it through.)'
        : 'Firefox could not apply CORS to this request for a browser-side reason (CORS disabled by a pref, or an Origin header it could not add).';
    const out: ConsoleExplanation = {
      source: 'firefox',
      diagnosis: networkDiagnosis(`Firefox: ${ff.key}. Not a CORS header problem.`, [base], notes),
    };
    if (ff.url !== undefined) out.url = ff.url;
    return out;
  }
  const twin = PREFLIGHT_TWIN[mapped];
  const reason = paste.preflightBy && twin ? twin : mapped;
  if (paste.preflightBy === 'follow-up') {
    notes.push(
      `Firefox also printed ${DID_NOT_SUCCEED} for the same URL, which it does after a failed preflight: so this message is about the preflight's response (Firefox words both alike). Chrome reports it as ${reason}.`,
    );
  } else if (paste.preflightBy === 'status') {
    notes.push(
      `Status ${ff.status} is what servers answer to an OPTIONS request they do not handle, so this is most likely the preflight's response (Firefox words both alike); Chrome would report ${reason}. If the request needed no preflight (a plain GET, or a POST of a form), it is ${mapped} instead.`,
    );
  } else if (twin) {
    notes.push(
      `Firefox uses the same text when the preflight's response has this problem; Chrome then reports ${twin}. If Firefox printed ${DID_NOT_SUCCEED} for the same URL right after, it was the preflight: paste both messages.`,
    );
  } else if (paste.followUp) {
    notes.push(
      `The ${DID_NOT_SUCCEED} message for the same URL is Firefox reporting the request this failed preflight stopped; it is not a second problem.`,
    );
  }
  const status =
    ff.status !== undefined && /^\d{3}$/.test(ff.status) ? Number(ff.status) : undefined;
  if (reason === 'PreflightInvalidStatus' && ff.status) {
    notes.push(`The preflight's status was ${ff.status}.`);
  } else if (reason !== mapped && status !== undefined && (status < 200 || status > 299)) {
    notes.push(
      `The preflight's status was ${status}: once the headers are right it still needs a 2xx status (Chrome checks the headers first, then reports PreflightInvalidStatus).`,
    );
  }
  if (ff.key === 'CORSInvalidAllowMethod' || ff.key === 'CORSInvalidAllowHeader') {
    notes.push(`The offending token: "${ff.value ?? ''}".`);
  }
  // Firefox names the offending value only for Allow-Origin and Allow-Headers; Chrome's failed
  // parameter is the same value there (at either stage) and empty for the token-syntax errors.
  const failedParameter = ff.value !== undefined && VALUE_CARRYING.has(mapped) ? ff.value : '';
  const p: Parsed = { source: 'firefox', reason, failedParameter, initiator: 'other' };
  if (ff.url !== undefined) p.url = ff.url;
  const out: ConsoleExplanation = { source: 'firefox', reason, diagnosis: diagnosisFor(p, notes) };
  if (failedParameter !== '') out.failedParameter = failedParameter;
  if (ff.url !== undefined) out.url = ff.url;
  return out;
}

/** Identifies the CORS reason in a pasted Chrome or Firefox console line and explains it. */
export function explainConsoleMessage(text: string): ConsoleExplanation {
  if (typeof text !== 'string') return { error: 'Expected the console text as a string.' };
  const input = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  try {
    const chrome = parseChromeLine(input);
    if (chrome) {
      const p: Parsed = { source: 'chrome', ...chrome };
      const out: ConsoleExplanation = {
        source: 'chrome',
        reason: chrome.reason,
        failedParameter: chrome.failedParameter,
        diagnosis: diagnosisFor(p, []),
      };
      if (chrome.url !== undefined) out.url = chrome.url;
      if (chrome.origin !== undefined) out.origin = chrome.origin;
      return out;
    }
    const paste = readFirefoxPaste(input);
    if (paste) return explainFirefox(paste);
  } catch (error) {
    return {
      error: `Could not read the console line: ${error instanceof Error ? error.message : 'unknown error'}`,
    };
  }
  return { error: 'This does not look like a Chrome or Firefox CORS console message.' };
}
