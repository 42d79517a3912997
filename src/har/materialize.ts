import type {
  Exchange,
  HttpRequest,
  Initiator,
  Leg,
  ObservedOutcome,
  PreflightExchange,
  RequestMode,
} from '../cors/types.ts';
import type { EntryView } from './read-entry.ts';

/** One hop as the assembler holds it: the request's entry and the preflight paired with it. */
export interface ChainLeg {
  entry: EntryView;
  preflight: EntryView | undefined;
}

export interface ChainLike {
  id: string;
  initiatorOrigin: string;
  mode: RequestMode;
  initiator: Initiator | undefined;
  legs: readonly ChainLeg[];
}

/**
 * Chromium marks every CORS-blocked request `net::ERR_FAILED`. That is the browser's verdict, not a
 * network failure, so it goes to `observed` only; real network errors go on the leg as well.
 */
const CORS_BLOCK_MARK = 'net::ERR_FAILED';

/**
 * Optional fields are always present (possibly undefined) and always in the same order, so every
 * exchange, leg and preflight has one hidden class: the engine reads them 10,000 times a file.
 */
export function toExchange(chain: ChainLike): Exchange {
  const legs = chain.legs.map(toLeg);
  const first = chain.legs[0]!.entry;
  const lastLeg = chain.legs[chain.legs.length - 1]!;
  const last = lastLeg.entry;
  return {
    id: chain.id,
    initiatorOrigin: chain.initiatorOrigin,
    mode: chain.mode,
    initiator: chain.initiator,
    legs,
    observed: observedOf(chain.legs, last, lastLeg.preflight),
    startedAt: first.startedAt,
    durationMs: durationOf(first, last),
  };
}

function toLeg({ entry, preflight }: ChainLeg): Leg {
  return {
    request: requestOf(entry),
    preflight: preflight === undefined ? undefined : preflightOf(preflight),
    response: entry.response,
    netError: entry.response === undefined ? netErrorOf(entry) : undefined,
  };
}

function preflightOf(entry: EntryView): PreflightExchange {
  return {
    request: requestOf(entry),
    response: entry.response,
    netError: entry.response === undefined ? netErrorOf(entry) : undefined,
  };
}

function netErrorOf(entry: EntryView): string | undefined {
  return entry.error !== CORS_BLOCK_MARK ? entry.error : undefined;
}

function requestOf(entry: EntryView): HttpRequest {
  return { url: entry.url, method: entry.method, headers: entry.requestHeaders };
}

function observedOf(
  legs: readonly ChainLeg[],
  last: EntryView,
  lastPreflight: EntryView | undefined,
): ObservedOutcome | undefined {
  const netError = last.error ?? lastPreflight?.error;
  let cors: EntryView['corsError'];
  for (const leg of legs) cors = leg.entry.corsError ?? leg.preflight?.corsError ?? cors;
  if (netError === undefined && cors === undefined) return undefined;
  const observed: ObservedOutcome = {};
  if (netError !== undefined) observed.netError = netError;
  if (cors?.corsError !== undefined) observed.corsError = cors.corsError;
  if (cors?.failedParameter !== undefined) observed.failedParameter = cors.failedParameter;
  return observed;
}

function durationOf(first: EntryView, last: EntryView): number | undefined {
  if (first.startMs === undefined || last.startMs === undefined) return first.timeMs;
  return Math.max(0, last.startMs + (last.timeMs ?? 0) - first.startMs);
}
