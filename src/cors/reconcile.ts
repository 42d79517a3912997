/**
 * Weighs the engine's prediction against what the source observed (a CorsError from CDP, a net
 * error from HAR): the observation is ground truth, the prediction explains it, and a disagreement
 * is said out loud. Also settles an inferred credentials mode when only one mode explains the
 * observation.
 */
import type { CredentialsGuess } from './credentials.ts';
import { evaluate } from './evaluate.ts';
import type { Decided } from './explain.ts';
import { LNA_ERRORS } from './local-network.ts';
import { isCorsNetError } from './net-errors.ts';
import type { NormalExchange } from './normalize.ts';
import type { Outcome } from './outcome.ts';
import { isCredentialsSensitive } from './response-headers.ts';
import type { CredentialsMode } from './types.ts';

function mayDependOnCredentials(ex: NormalExchange): boolean {
  for (const leg of ex.legs) {
    if (leg.response && isCredentialsSensitive(leg.response)) return true;
    const pf = leg.preflight?.response;
    if (pf && isCredentialsSensitive(pf)) return true;
  }
  return false;
}

function isRecordedNetError(ex: NormalExchange, netError: string): boolean {
  return ex.legs.some((l) => l.netError === netError || l.preflight?.netError === netError);
}

export function otherMode(mode: CredentialsMode): CredentialsMode {
  return mode === 'include' ? 'same-origin' : 'include';
}

export function sameResult(a: Outcome, b: Outcome): boolean {
  return (
    a.verdict === b.verdict && a.reason === b.reason && a.failedParameter === b.failedParameter
  );
}

function decidedOf(o: Outcome): Decided {
  const d: Decided = { verdict: o.verdict };
  if (o.reason) d.reason = o.reason;
  if (o.failedParameter !== undefined) d.failedParameter = o.failedParameter;
  if (o.netError) d.netError = o.netError;
  return d;
}

export function describeOutcome(o: Outcome): string {
  if (o.reason)
    return `${o.verdict} (${o.reason}${o.failedParameter ? `: ${o.failedParameter}` : ''})`;
  return o.netError ? `${o.verdict} (${o.netError})` : o.verdict;
}

/** The deciding outcome and credentials after weighing what the source observed. */
export interface Reconciled {
  outcome: Outcome;
  decided: Decided;
  credentials: CredentialsGuess;
  alt: Outcome;
  notes: string[];
}

export function reconcile(ex: NormalExchange, guess: CredentialsGuess): Reconciled {
  let credentials = guess;
  let outcome = evaluate(ex, credentials.mode);
  // The what-if run only needs the verdict, not the check texts, and only when some response
  // could be read differently under the other credentials mode.
  let alt = mayDependOnCredentials(ex) ? evaluate(ex, otherMode(credentials.mode), false) : outcome;
  const notes: string[] = [];
  const obs = ex.observed;

  // With an inferred mode, an observed failure that only the other mode explains settles it.
  const swap = (why: string): void => {
    credentials = {
      mode: otherMode(credentials.mode),
      inferred: true,
      evidence: [...credentials.evidence.filter((e) => !e.startsWith('No cookies')), why],
    };
    alt = outcome;
    outcome = evaluate(ex, credentials.mode);
  };
  if (credentials.inferred) {
    if (obs.corsError && obs.corsError !== outcome.reason && obs.corsError === alt.reason) {
      swap(
        `The browser reported ${obs.corsError}, which matches the request only with credentials: "${otherMode(credentials.mode)}".`,
      );
    } else if (
      obs.netError &&
      isCorsNetError(obs.netError) &&
      !obs.corsError &&
      outcome.verdict === 'allowed' &&
      alt.verdict === 'blocked'
    ) {
      swap(
        `The browser blocked the request (${obs.netError}), and only with credentials: "${otherMode(credentials.mode)}" do the recorded headers fail.`,
      );
    } else if (
      outcome.verdict === 'blocked' &&
      !outcome.reason &&
      !outcome.netError &&
      alt.verdict === 'blocked' &&
      alt.reason
    ) {
      // A request stopped at its preflight is logged with status 0 and only provisional headers
      // (no Cookie), so it carries no credential evidence itself. But if its preflight passes in
      // the assumed mode, nothing explains why the request went unanswered; the other mode does.
      swap(
        `The request never got a response although its preflight passes with credentials: "${credentials.mode}"; with credentials: "${otherMode(credentials.mode)}" the preflight fails (${alt.reason}), which explains it.`,
      );
    }
  }

  let decided = decidedOf(outcome);
  if (obs.corsError) {
    if (
      obs.corsError !== outcome.reason ||
      (obs.failedParameter !== undefined && obs.failedParameter !== (outcome.failedParameter ?? ''))
    ) {
      if (!LNA_ERRORS.has(obs.corsError)) {
        notes.push(
          `The browser reported ${obs.corsError}${obs.failedParameter ? ` (${obs.failedParameter})` : ''}; the engine predicted ${describeOutcome(outcome)} from the recorded headers. The browser's report is shown; the difference usually means the recording lacks something the browser saw (a cached preflight, headers changed by an extension, another credentials mode).`,
        );
      }
      decided = { verdict: 'blocked', reason: obs.corsError };
      const fp =
        obs.failedParameter ??
        (obs.corsError === outcome.reason ? outcome.failedParameter : undefined);
      if (fp !== undefined) decided.failedParameter = fp;
      if (obs.netError) decided.netError = obs.netError;
    }
  } else if (obs.netError) {
    if (isCorsNetError(obs.netError)) {
      if (outcome.verdict === 'allowed') {
        notes.push(
          `The browser failed this request with ${obs.netError}, but the recorded headers pass every CORS check (the engine predicted: allowed). Something the recording does not show blocked it.`,
        );
        decided = { verdict: 'blocked', netError: obs.netError };
      } else if (outcome.verdict === 'not-cors') {
        decided = { verdict: 'network-error', netError: obs.netError };
        notes.push(
          `${obs.netError} on a request CORS does not apply to: something other than CORS failed it.`,
        );
      } else if (outcome.verdict === 'blocked' && !decided.netError) {
        decided.netError = obs.netError;
      }
    } else if (!isRecordedNetError(ex, obs.netError)) {
      // A failure the legs do not show (the evaluation already weighed the ones they do, e.g. a
      // preflight logged as net::ERR_INVALID_REDIRECT is a PreflightDisallowedRedirect).
      if (outcome.verdict === 'blocked' && outcome.reason) {
        notes.push(
          `The request failed with ${obs.netError} before CORS could decide. Had it completed with the recorded headers, CORS would also have blocked it (${outcome.reason}).`,
        );
      }
      decided = { verdict: 'network-error', netError: obs.netError };
    }
  }
  return { outcome, decided, credentials, alt, notes };
}
