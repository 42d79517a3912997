/**
 * `diagnose`: Chromium's CORS verdict for one exchange, reconciled with what the source observed, and
 * explained. Never throws.
 */
import { inferCredentials } from './credentials.ts';
import { buildWords, type Decided } from './explain.ts';
import { inputErrorDiagnosis } from './fallback-diagnoses.ts';
import { LNA_ERRORS, looksLikeLocalNetworkRequest } from './local-network.ts';
import { normalizeExchange, type NormalExchange } from './normalize.ts';
import type { Outcome } from './outcome.ts';
import { describeOutcome, otherMode, reconcile, sameResult } from './reconcile.ts';
import { requestFacts } from './request-facts.ts';
import type { Culprit, Diagnosis } from './types.ts';

const CHROME_DEVIATION_NOTES = {
  authorization:
    'Chrome deviation: "Access-Control-Allow-Headers: *" let the Authorization header through. The Fetch standard (and Firefox) require Authorization to be listed by name, and Chrome logs a deprecation warning; list it explicitly.',
  preflightOrder:
    "Chrome checks the preflight's Access-Control-Allow-Origin before its status, so a failing preflight without CORS headers is reported as a header problem, not as a bad status.",
  extraSafelist:
    'Chrome deviation: Chrome also treats some client-hint headers (dpr, device-memory, width, viewport-width, rtt, downlink, ect, save-data) and "intervention" as safelisted; other browsers preflight them.',
};

export interface DiagnoseOptions {
  /**
   * `false`: `explanation` is left empty and there is no `consoleMessage` (everything else is as
   * with `true`, the default). For reports that print only the summary, such as the CLI's.
   */
  explanation?: boolean;
}

function culpritFor(decided: Decided, outcome: Outcome): Culprit | undefined {
  if (decided.reason === outcome.reason) return outcome.culprit;
  return undefined;
}

/** The verdict, unguarded: an engine bug throws here. `diagnose` (index.ts) is the entry point. */
export function diagnoseUnguarded(raw: unknown, opts: DiagnoseOptions = {}): Diagnosis {
  const { exchange: ex, problems } = normalizeExchange(raw);
  if (!ex) {
    const d = inputErrorDiagnosis(problems);
    return opts.explanation === false ? { ...d, explanation: [] } : d;
  }
  const guess = inferCredentials(ex);
  const r = reconcile(ex, guess);
  const { outcome, decided, credentials, alt } = r;
  const notes = [...problems.map((p) => `Input: ${p}`), ...outcome.notes, ...r.notes];

  const dependsOnIt = outcome.cors && !sameResult(outcome, alt);
  if (dependsOnIt && credentials.inferred) {
    notes.push(
      `The recording does not say whether the request included credentials; the engine assumed credentials: "${credentials.mode}". With "${otherMode(credentials.mode)}" the verdict would be ${describeOutcome(alt)}.`,
    );
  }
  if (outcome.authorizationCoveredByWildcard) notes.push(CHROME_DEVIATION_NOTES.authorization);
  if (decided.reason === 'PreflightMissingAllowOriginHeader' && outcome.legIndex >= 0) {
    const status = ex.legs[outcome.legIndex]?.preflight?.response?.status;
    if (status !== undefined && (status < 200 || status > 299))
      notes.push(CHROME_DEVIATION_NOTES.preflightOrder);
  }
  if (outcome.preflight.reasons.length === 0 && hasChromeOnlySafelisted(ex, outcome))
    notes.push(CHROME_DEVIATION_NOTES.extraSafelist);
  if (outcome.preflightAssumedCached) {
    notes.push(
      'The request needed a preflight but none was recorded; it was probably answered from the preflight cache (Access-Control-Max-Age, 5 s by default in Chrome).',
    );
  }
  if (outcome.ambiguousHeaders.length > 0 && outcome.cors) {
    notes.push(
      `Left out of the preflight decision as probably added by the browser's network stack: ${outcome.ambiguousHeaders.join(', ')}. If the page set them itself, they need a preflight.`,
    );
  }
  addLocalNetworkNotes(ex, decided, notes);

  const words = buildWords(
    ex,
    outcome,
    decided,
    credentials.mode === 'include',
    opts.explanation !== false,
  );
  const diagnosis: Diagnosis = {
    verdict: decided.verdict,
    preflight: outcome.preflight,
    credentials: {
      mode: credentials.mode,
      inferred: credentials.inferred,
      evidence: credentials.evidence,
      verdictDependsOnIt: dependsOnIt,
    },
    checks: outcome.checks,
    summary: words.summary,
    explanation: words.explanation,
    notes,
  };
  if (decided.reason) diagnosis.reason = decided.reason;
  if (decided.failedParameter !== undefined && decided.reason)
    diagnosis.failedParameter = decided.failedParameter;
  if (decided.netError) diagnosis.netError = decided.netError;
  const culprit = culpritFor(decided, outcome);
  if (culprit) diagnosis.culprit = culprit;
  if (words.consoleMessage) diagnosis.consoleMessage = words.consoleMessage;
  return diagnosis;
}

function hasChromeOnlySafelisted(ex: NormalExchange, o: Outcome): boolean {
  return (
    o.cors && o.legIndex < ex.legs.length && requestFacts(ex, o.legIndex).usesChromeOnlySafelist
  );
}

function addLocalNetworkNotes(ex: NormalExchange, decided: Decided, notes: string[]): void {
  const last = ex.legs[ex.legs.length - 1];
  const url = last?.url ?? last?.request.url ?? '';
  if (decided.reason && LNA_ERRORS.has(decided.reason)) {
    notes.push(
      "Local Network Access is decided from the resolved IP address, which a recording does not show; the engine reports the browser's verdict.",
    );
    return;
  }
  if (
    ex.initiatorOrigin.startsWith('https://') &&
    looksLikeLocalNetworkRequest(ex.initiatorOrigin, url)
  ) {
    notes.push(
      "This page reaches a loopback or private address from a (probably) public origin. Since Chrome 142 that needs the user's Local Network Access permission, asked before any CORS check; if the permission is denied the request fails with LocalNetworkAccessPermissionDenied whatever the CORS headers say.",
    );
  } else if (
    ex.initiatorOrigin.startsWith('http://') &&
    looksLikeLocalNetworkRequest(ex.initiatorOrigin, url)
  ) {
    notes.push(
      "A non-secure (http) public page reaching a loopback or private address is blocked by Chrome's Local Network Access rules (InsecureLocalNetwork) before CORS.",
    );
  }
}
