/**
 * Where the probe goes next, decided by the engine itself: the exchange recorded so far goes through
 * the same walk `diagnose` runs (`evaluate`), and the place it stops says whether Chromium would
 * send the actual request (the preflight passed), follow a redirect, or stop here.
 */
import { evaluate } from '../cors/evaluate.ts';
import { normalizeExchange } from '../cors/normalize.ts';
import type { CredentialsMode, Exchange } from '../cors/types.ts';

export type Step =
  /** The last leg's preflight passed: send the actual request. */
  | { kind: 'send-actual' }
  /** The last leg's response is a redirect Chromium follows; `tainted`: the origin is now `null`. */
  | { kind: 'follow'; tainted: boolean }
  /** The verdict is decided: blocked, allowed, a network error, or not CORS. */
  | { kind: 'done' };

export function nextStep(exchange: Exchange, credentials: CredentialsMode): Step {
  const { exchange: normal } = normalizeExchange(exchange);
  if (!normal) return { kind: 'done' };
  const outcome = evaluate(normal, credentials, false);
  const last = exchange.legs.length - 1;
  if (outcome.legIndex !== last) return { kind: 'done' };
  const leg = exchange.legs[last]!;
  if (outcome.gap === 'no-response' && leg.response === undefined && leg.netError === undefined)
    return { kind: 'send-actual' };
  if (outcome.gap === 'redirect-not-followed')
    return { kind: 'follow', tainted: outcome.taintedAtLeg !== undefined };
  return { kind: 'done' };
}
