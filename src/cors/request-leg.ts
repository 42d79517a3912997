/** The request side of a cross-origin leg: mode, scheme, then the preflight (Chromium `StartRequest`). */
import { evaluatePreflight } from './preflight-result.ts';
import { describeReasons } from './reasons.ts';
import { requestFacts } from './request-facts.ts';
import { isCorsNetError } from './net-errors.ts';
import { isHttpScheme } from './url.ts';
import type { LegStep } from './walk.ts';

/** Request-side checks of a cross-origin leg: mode, scheme, preflight. Returns an outcome on failure. */
export const corsLeg: LegStep = (w, ex, leg, i, url, credentials) => {
  if (ex.mode === 'same-origin') {
    if (w.record)
      w.check(
        'mode',
        'request',
        i,
        'The request mode allows cross-origin requests',
        false,
        'The request was made with mode "same-origin", which forbids cross-origin URLs outright.',
      );
    return w.finish('blocked', i, 'request', {
      verdict: 'blocked',
      reason: 'DisallowedByMode',
      failedParameter: '',
      culprit: { where: 'request', legIndex: i },
    });
  }
  if (!isHttpScheme(url.scheme)) {
    if (w.record)
      w.check(
        'scheme',
        'request',
        i,
        'The URL scheme supports CORS',
        false,
        `The URL scheme "${url.scheme}:" does not support CORS requests; only http: and https: do (plus data:, which needs no CORS).`,
      );
    return w.finish('blocked', i, 'request', {
      verdict: 'blocked',
      reason: 'CorsDisabledScheme',
      failedParameter: '',
      culprit: { where: 'request', legIndex: i },
    });
  }
  const origin = w.tainted ? 'null' : ex.initiatorOrigin;
  w.requestOrigin = origin;

  const pf = leg.preflight;
  const facts = requestFacts(ex, i);
  for (const n of facts.ambiguous) if (!w.ambiguousHeaders.includes(n)) w.ambiguousHeaders.push(n);
  const reasons = facts.reasons;
  const needed = reasons.length > 0;
  if (needed) {
    w.needed = true;
    if (w.reasons.length === 0) w.reasons = reasons;
    w.decisiveReasons = reasons;
  } else {
    w.decisiveReasons = undefined;
  }
  if (w.record)
    w.check(
      'preflight-needed',
      'request',
      i,
      'Does the request need a preflight?',
      true,
      needed
        ? `Yes: ${describeReasons(reasons)}. The browser first asks the server with an OPTIONS request.`
        : `No: ${leg.request.method.toUpperCase()} with only CORS-safelisted headers is sent directly, without asking first.`,
    );

  if (pf) {
    w.sent = true;
    const po = evaluatePreflight(
      {
        legIndex: i,
        preflight: pf,
        method: leg.request.method,
        unsafeHeaders: facts.unsafeHeaders,
        credentials,
        origin,
      },
      w.record ? w.checks : undefined,
    );
    if (po.authorizationCoveredByWildcard) w.authorizationCoveredByWildcard = true;
    if (po.failure) {
      return w.finish(
        po.failure.verdict,
        i,
        'preflight',
        po.failure,
        po.missingResponse ? 'preflight-response-missing' : undefined,
      );
    }
  } else if (needed) {
    if (leg.response) {
      w.preflightAssumedCached = true;
      if (w.record)
        w.check(
          'preflight-cached',
          'preflight',
          i,
          'Preflight',
          true,
          'No preflight was recorded, yet the request went out: the browser reused a cached preflight result (Access-Control-Max-Age), or the recording left the OPTIONS request out.',
        );
    } else if (leg.netError && !isCorsNetError(leg.netError)) {
      return w.finish('network-error', i, 'request', {
        verdict: 'network-error',
        netError: leg.netError,
        culprit: { where: 'request', legIndex: i },
      });
    } else {
      if (w.record)
        w.check(
          'preflight-recorded',
          'preflight',
          i,
          'Preflight',
          false,
          'A preflight was needed but none was recorded, and the request itself got no response: the preflight most likely failed.',
        );
      return w.finish(
        'blocked',
        i,
        'preflight',
        { verdict: 'blocked', culprit: { where: 'preflight-response', legIndex: i } },
        'preflight-not-recorded',
      );
    }
  }
  return undefined;
};
