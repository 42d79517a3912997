/** The mutable state of one evaluation: what has been seen so far, and the checks recorded. */
import type { Failure } from './run-access-check.ts';
import type { NormalExchange, NormalLeg } from './normalize.ts';
import type { Gap, Outcome, Stage } from './outcome.ts';
import type { CredentialsMode, Check, PreflightReason } from './types.ts';
import type { ParsedUrl } from './url.ts';

/**
 * One side of a leg in the walk (`request-leg.ts`, `response-leg.ts`), for the leg at index `i`
 * with its parsed URL: an outcome ends the walk there, `undefined` goes on.
 */
export type LegStep = (
  w: Walk,
  ex: NormalExchange,
  leg: NormalLeg,
  i: number,
  url: ParsedUrl,
  credentials: CredentialsMode,
) => Outcome | undefined;

export class Walk {
  readonly checks: Check[] = [];
  readonly notes: string[] = [];
  cors = false;
  tainted = false;
  taintedAtLeg: number | undefined;
  requestOrigin: string;
  needed = false;
  sent = false;
  reasons: PreflightReason[] = [];
  decisiveReasons: PreflightReason[] | undefined;
  preflightAssumedCached = false;
  authorizationCoveredByWildcard = false;
  ambiguousHeaders: string[] = [];

  /** False for the what-if run under the other credentials mode: skip building check texts. */
  constructor(
    readonly ex: NormalExchange,
    readonly record: boolean,
  ) {
    this.requestOrigin = ex.initiatorOrigin;
  }

  check(
    id: string,
    stage: Stage,
    legIndex: number,
    title: string,
    passed: boolean,
    detail: string,
    header?: string,
  ): void {
    const c: Check = { id, stage, legIndex, title, passed, detail };
    if (header) c.header = header;
    this.checks.push(c);
  }

  finish(
    verdict: Outcome['verdict'],
    legIndex: number,
    stage: Stage,
    failure?: Failure,
    gap?: Gap,
  ): Outcome {
    const out: Outcome = {
      verdict,
      legIndex,
      stage,
      checks: this.checks,
      preflight: {
        needed: this.needed,
        sent: this.sent,
        reasons: this.decisiveReasons ?? this.reasons,
      },
      requestOrigin: this.requestOrigin,
      cors: this.cors,
      preflightAssumedCached: this.preflightAssumedCached,
      authorizationCoveredByWildcard: this.authorizationCoveredByWildcard,
      ambiguousHeaders: this.ambiguousHeaders,
      notes: this.notes,
    };
    if (failure) {
      out.verdict = failure.verdict;
      if (failure.reason) out.reason = failure.reason;
      if (failure.failedParameter !== undefined) out.failedParameter = failure.failedParameter;
      if (failure.netError) out.netError = failure.netError;
      if (failure.culprit) out.culprit = failure.culprit;
    }
    if (gap) out.gap = gap;
    if (this.taintedAtLeg !== undefined) out.taintedAtLeg = this.taintedAtLeg;
    return out;
  }
}
