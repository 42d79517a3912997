/**
 * Turns a decided verdict into the words of a `Diagnosis`: summary, explanation paragraphs and the
 * Chromium console line. Plain English for web developers; never suggests disabling browser security.
 */
import { consoleMessage } from './console-messages.ts';
import { addressSpaceOfUrl } from './local-network.ts';
import { describeNetError } from './net-errors.ts';
import type { NormalExchange } from './normalize.ts';
import { describeOriginDifference, originDifference } from './origin.ts';
import { stageOfReason, type Outcome } from './outcome.ts';
import { reasonText, type ReasonContext } from './reason-texts.ts';
import type { CorsErrorName, Verdict } from './types.ts';

const CORS_IS_NOT_SERVER_SECURITY =
  "CORS protects the people using a browser: it stops one site from reading another site's responses with the user's cookies. It does not protect the server (curl or a backend ignore it), so the fix belongs on the server or in a dev-server proxy. Do not disable the browser's web security to get around it.";

/** Stands in for the page's origin when only a Firefox console line is known. */
const UNKNOWN_ORIGIN = "<your page's origin>";

export interface Decided {
  verdict: Verdict;
  reason?: CorsErrorName;
  failedParameter?: string;
  netError?: string;
}

export interface Words {
  summary: string;
  explanation: string[];
  consoleMessage?: string;
}

function isPreflightStage(reason: CorsErrorName | undefined, o: Outcome): boolean {
  return (reason ? stageOfReason(reason) : o.stage) === 'preflight';
}

/** What the server did with the request, which developers often get wrong. */
function consequence(ex: NormalExchange, o: Outcome, d: Decided): string | undefined {
  const leg = ex.legs[o.legIndex];
  if (!leg) return undefined;
  const method = leg.request.method.toUpperCase();
  if (isPreflightStage(d.reason, o)) {
    return `The browser stopped at the preflight, so the actual ${method === '' ? '' : `${method} `}request was never sent: the server did not act on it.`;
  }
  if (d.reason && stageOfReason(d.reason) === 'request') {
    return 'The browser refused before sending anything: the server never saw this request.';
  }
  const status = leg.response?.status;
  if (status === undefined) {
    // Known only from a console line: say what holds for every response-stage failure.
    return method === ''
      ? "The server did answer; it is the browser that withheld the response from the page's JavaScript. If the request needed no preflight (a plain GET, or a POST with a form or text body), it reached the server and was processed: a blocked POST may already have written data."
      : undefined;
  }
  const sawPreflight =
    ex.legs.slice(0, o.legIndex + 1).some((l) => l.preflight) || o.preflightAssumedCached;
  const base = `The server did receive the request and answered it (status ${status}); it is the browser that withheld the response from the page's JavaScript, which only sees "TypeError: Failed to fetch" (or XHR status 0).`;
  if (sawPreflight) return base;
  const acted =
    method === 'GET' || method === 'HEAD'
      ? ' No preflight was needed, so the request reached the server and ran there; only reading the answer was blocked.'
      : ` No preflight was needed, so this ${method} reached the server and was processed: it may already have written data even though the page saw an error. Do not retry it blindly.`;
  return base + acted;
}

function reasonContext(
  ex: NormalExchange,
  o: Outcome,
  reason: CorsErrorName,
  failedParameter: string,
  include: boolean,
): ReasonContext {
  const leg = ex.legs[Math.min(o.legIndex, ex.legs.length - 1)]!;
  const response = isPreflightStage(reason, o) ? leg.preflight?.response : leg.response;
  const c: ReasonContext = {
    reason,
    failedParameter,
    pageOrigin: ex.initiatorOrigin === '' ? UNKNOWN_ORIGIN : ex.initiatorOrigin,
    requestOrigin: o.requestOrigin === '' ? UNKNOWN_ORIGIN : o.requestOrigin,
    url: leg.request.url,
    method: leg.request.method,
    include,
    preflightReasons: o.preflight.reasons,
    targetSpace: addressSpaceOfUrl(leg.request.url),
  };
  if (response) c.response = response;
  if (o.taintedAtLeg !== undefined) c.taintedAtLeg = o.taintedAtLeg;
  return c;
}

function gapText(o: Outcome, d: Decided): { summary: string; what: string } {
  switch (o.gap) {
    case 'preflight-not-recorded':
    case 'preflight-response-missing':
      return {
        summary: 'Blocked: the preflight (OPTIONS) failed, but its response was not recorded.',
        what: 'The request needed a preflight and the actual request never got a response, so the preflight must have failed. Its response is not in this recording; look at the OPTIONS request to this URL to see which header or status is wrong.',
      };
    case 'no-response':
      return {
        summary: `Blocked: the browser reported ${d.netError ?? 'a failure'} and no response was recorded.`,
        what: 'No response was recorded for this request, so the exact CORS check that failed cannot be named.',
      };
    default:
      return {
        summary: `Blocked by the browser${d.netError ? ` (${d.netError})` : ''}, although the recorded headers pass every CORS check.`,
        what: "Every CORS check passes on the recorded headers, yet the browser blocked the request. Likely causes: DevTools shows the server's original headers, not ones an extension changed; a cached preflight result differs from the recorded one; the credentials mode differs from the one assumed; or a Local Network Access or other browser policy intervened.",
      };
  }
}

/**
 * The summary, and with `explain` (the default) the explanation's paragraphs and the console line.
 * Without it the explanation is empty: the CLI prints the summary only.
 */
export function buildWords(
  ex: NormalExchange,
  o: Outcome,
  d: Decided,
  include: boolean,
  explain = true,
): Words {
  const first = ex.legs[0]!;
  const last = ex.legs[Math.min(o.legIndex, ex.legs.length - 1)]!;
  const target = last.url?.origin ?? last.request.url;
  const page = ex.initiatorOrigin;

  if (d.verdict === 'network-error') {
    const ne = d.netError;
    const why = ne
      ? describeNetError(ne)
      : o.gap === 'invalid-url'
        ? 'The URL is not valid.'
        : 'The request got no response.';
    return {
      summary: `Network error${ne ? ` ${ne}` : ''}: not a CORS problem.`,
      explanation: explain
        ? [
            why,
            'The request failed below CORS, so no CORS header was ever checked. The console often shows such failures next to CORS messages, which makes them look alike; fixing CORS headers will not help here.',
          ]
        : [],
    };
  }
  if (d.verdict === 'not-cors') {
    const [summary, why] =
      ex.mode === 'no-cors'
        ? [
            'Not CORS: a no-cors request.',
            'The request used mode "no-cors": the browser fetched it without CORS, and the page gets an opaque response it cannot read (status 0, empty body).',
          ]
        : ex.mode === 'navigate'
          ? ['Not CORS: a navigation.', 'This is a navigation; CORS does not apply to page loads.']
          : first.url?.scheme === 'data'
            ? ['Not CORS: a data: URL.', 'data: URLs are decoded locally; CORS does not apply.']
            : [
                'Same-origin request: CORS does not apply.',
                `The request stayed on the page's own origin (${page}), so CORS does not apply.`,
              ];
    return { summary, explanation: explain ? [why] : [] };
  }
  if (d.verdict === 'allowed') {
    const acao = last.response ? last.response.cors.allowOrigin : undefined;
    const summary = `Allowed: ${target} lets ${page} read the response${acao ? ` (Access-Control-Allow-Origin: ${acao})` : ''}.`;
    if (!explain) return { summary, explanation: [] };
    const parts = [
      `${last.url ? originDifference(page, last.url) : describeOriginDifference(page, last.request.url)} The server opted in${acao !== undefined ? ` with Access-Control-Allow-Origin "${acao}"` : ''}, so the page may read the response.`,
    ];
    if (o.preflight.sent) parts.push('The preflight (OPTIONS) allowed the method and headers.');
    return { summary, explanation: parts };
  }

  // Blocked. The reason's texts (or the gap's) once: the summary-only answer needs them too.
  const t = d.reason
    ? reasonText(reasonContext(ex, o, d.reason, d.failedParameter ?? '', include))
    : undefined;
  const g = t === undefined ? gapText(o, d) : undefined;
  const summary = t !== undefined ? `Blocked: ${t.summary}` : g!.summary;
  if (!explain) return { summary, explanation: [] };
  const paragraphs: string[] = [];
  const difference =
    page === ''
      ? `The page's origin differs from ${target} (scheme, host or port), and an origin is all three.`
      : last.url
        ? originDifference(page, last.url)
        : describeOriginDifference(page, last.request.url);
  paragraphs.push(
    `${difference} So the browser applies CORS: the server must opt in with response headers before the page's JavaScript may read the response.`,
  );
  let fix: string | undefined;
  let message: string | undefined;
  if (t !== undefined) {
    paragraphs.push(t.what);
    fix = t.fix;
    message = consoleMessage({
      reason: d.reason!,
      failedParameter: d.failedParameter ?? '',
      initialUrl: first.request.url,
      lastUrl: last.request.url,
      origin: page,
      initiator: ex.initiator,
      resourceAddressSpace: addressSpaceOfUrl(last.request.url),
    });
  } else {
    paragraphs.push(g!.what);
  }
  const c = consequence(ex, o, d);
  if (c) paragraphs.push(c);
  if (fix) paragraphs.push(`Fix: ${fix}`);
  paragraphs.push(CORS_IS_NOT_SERVER_SECURITY);
  const words: Words = { summary, explanation: paragraphs };
  if (message) words.consoleMessage = message;
  return words;
}
