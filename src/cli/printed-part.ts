import type { Diagnosis, Exchange, Header, HttpResponse, Leg } from '../cors/types.ts';
import type { Fix } from '../fixes/types.ts';
import { redactForOutput, redactText, type RedactOptions } from '../report/index.ts';
import type { AnalyzedExchange } from './analyze.ts';
import {
  clampLeg,
  isAnsweredHeaderShown,
  isSentHeaderShown,
  NOTES_SHOWN,
  preflightHeaderNames,
} from './render-text.ts';

/**
 * What the text report prints of a blocked exchange (`blockedBlock`), redacted: the diagnosis
 * without its long explanation, checks and console message, the best fix without its other module
 * variant, the other fixes' names, and of the exchange only the fields and headers the block shows.
 * Redacting text that is never printed was most of the text report's time.
 *
 * Redacted for output (`redactForOutput`): what needs no redaction is the exchange's, the
 * diagnosis's and the fix's own, shared, as the block is rendered at once and never changed.
 *
 * Exact: redaction works value by value (a header pair by its name), so redacting fewer values
 * leaves the printed ones as they were; a header is dropped only when its redacted name is one
 * `blockedBlock` would not list, judged with the redacted diagnosis it will be printed with.
 */
export function printedPart(
  exchange: Exchange,
  diagnosis: Diagnosis,
  fixes: readonly Fix[],
  redaction: RedactOptions,
): AnalyzedExchange {
  const shownDiagnosis = redactForOutput(shownDiagnosisOf(diagnosis), redaction);
  const [best, ...others] = fixes;
  return {
    exchange: redactForOutput(printedExchange(exchange, shownDiagnosis, redaction), redaction),
    diagnosis: shownDiagnosis,
    // The others are only named (`fixLines`): their titles and reasons need no redaction.
    fixes:
      best === undefined
        ? []
        : [
            redactForOutput(shownFixOf(best), redaction),
            ...others.map(({ stack }) => ({ stack }) as Fix),
          ],
  };
}

/**
 * The diagnosis as `blockedBlock` and `printedExchange` read it. Left empty, as never printed: the
 * explanation, checks, console message, the credentials' evidence and the culprit's value (a
 * header value the block prints from the exchange itself, if at all).
 */
function shownDiagnosisOf(d: Diagnosis): Diagnosis {
  const { culprit } = d;
  const shown: Diagnosis = {
    verdict: d.verdict,
    preflight: d.preflight,
    credentials: { ...d.credentials, evidence: [] },
    checks: [],
    summary: d.summary,
    explanation: [],
    notes: d.notes,
  };
  if (d.reason !== undefined) shown.reason = d.reason;
  if (d.failedParameter !== undefined) shown.failedParameter = d.failedParameter;
  if (culprit !== undefined) {
    shown.culprit = { where: culprit.where, legIndex: culprit.legIndex };
    if (culprit.header !== undefined) shown.culprit.header = culprit.header;
  }
  return shown;
}

/**
 * The best fix as `fixLines` prints it: no other module variant, and of its notes only the first
 * `NOTES_SHOWN` (the others are counted, so they stay as empty texts: nothing to redact).
 */
function shownFixOf(fix: Fix): Fix {
  const shown: Fix = {
    stack: fix.stack,
    title: fix.title,
    kind: fix.kind,
    language: fix.language,
    code: fix.code,
    notes: fix.notes.map((note, i) => (i < NOTES_SHOWN ? note : '')),
  };
  if (fix.detectedBy !== undefined) shown.detectedBy = fix.detectedBy;
  return shown;
}

/** The exchange as `blockedBlock` reads it: every leg's URL and status, one leg's headers. */
function printedExchange(
  exchange: Exchange,
  diagnosis: Diagnosis,
  redaction: RedactOptions,
): Exchange {
  const legIndex = clampLeg(exchange, diagnosis.culprit?.legIndex);
  const named = preflightHeaderNames(diagnosis);
  const culprit = diagnosis.culprit?.header?.toLowerCase();
  /** Kept when the name, as it will be printed, is one the block may list. */
  const shownBy =
    (test: (lower: string) => boolean) =>
    (headers: readonly Header[]): Header[] =>
      headers.filter((h) => test(redactText(h.name, redaction).toLowerCase()));
  // The preflight's own request lists fewer headers (`isSentHeaderShown(…, true, …)`): a subset.
  const sent = shownBy((lower) => isSentHeaderShown(lower, false, named));
  const answered = shownBy((lower) => isAnsweredHeaderShown(lower, culprit));
  const response = (r: HttpResponse | undefined, all: boolean): HttpResponse | undefined =>
    r && { status: r.status, statusText: r.statusText, headers: all ? answered(r.headers) : [] };

  const legs = exchange.legs.map((leg, i): Leg => {
    const at = i === legIndex;
    const { url, method } = leg.request;
    const out: Leg = {
      request: { url, method, headers: at ? sent(leg.request.headers) : [] },
      response: response(leg.response, at),
      netError: leg.netError,
    };
    if (at && leg.preflight !== undefined) {
      const { request, netError } = leg.preflight;
      out.preflight = {
        request: { url: request.url, method: request.method, headers: sent(request.headers) },
        response: response(leg.preflight.response, true),
        netError,
      };
    }
    return out;
  });
  return { initiatorOrigin: exchange.initiatorOrigin, initiator: exchange.initiator, legs };
}
