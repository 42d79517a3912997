/**
 * The probe's walk: one fetch() replayed against a live server, leg by leg, as Chromium's
 * `CorsURLLoader` does it. Preflight when the engine says one is needed, the actual request when the
 * engine says the preflight passed, redirects followed while the engine says Chromium follows them
 * (tainted origin, method rewrite), and a stop wherever Chromium stops. The result is the same
 * `Exchange` the HAR reader builds, for `diagnose` and the report.
 */
import { needsPreflight } from '../cors/preflight-need.ts';
import type { Exchange, Leg } from '../cors/types.ts';
import { tryParseUrl } from '../cors/url.ts';
import { nextStep, type Step } from './engine-step.ts';
import { redirectedRequest } from './redirect.ts';
import {
  actualRequest,
  fetchSite,
  normalizeMethod,
  pageHeaders,
  preflightRequest,
} from './request.ts';
import type { LegState } from './request.ts';
import type {
  HttpClient,
  ProbeSpec,
  TransportFailure,
  WireRequest,
  WireResponse,
  WireResult,
} from './types.ts';

/** Chromium gives up on the 21st redirect; one more leg is enough to see it happen. */
const MAX_LEGS = 22;

export interface SentRequest {
  kind: 'preflight' | 'actual';
  request: WireRequest;
  /** What came back: a response, or a transport failure. */
  answer?: WireResult;
}

export interface ProbeResult {
  /** What went over the wire, for `diagnose` and the report. */
  exchange: Exchange;
  /** Every request sent, in order. */
  sent: SentRequest[];
  /** A request that got no HTTP response: not a CORS verdict. */
  transportFailure?: TransportFailure & { url: string; kind: SentRequest['kind'] };
  /** `--preflight-only` stopped before an actual request that would have been sent. */
  stoppedBeforeActual: boolean;
  /** Header names fetch() would have dropped (forbidden). */
  droppedHeaders: string[];
  /** A `Cookie` was given but no leg carried credentials, so it was never sent. */
  cookieWithheld: boolean;
}

export async function runProbe(spec: ProbeSpec, client: HttpClient): Promise<ProbeResult> {
  const mode = spec.mode ?? 'cors';
  const page = pageHeaders(spec);
  const exchange: Exchange = {
    initiatorOrigin: spec.origin,
    mode,
    credentials: spec.credentials,
    initiator: 'fetch',
    forcedPreflight: spec.forcePreflight === true,
    legs: [],
  };
  const result: ProbeResult = {
    exchange,
    sent: [],
    stoppedBeforeActual: false,
    droppedHeaders: page.dropped,
    cookieWithheld: false,
  };
  const send = async (kind: SentRequest['kind'], request: WireRequest) => {
    const sent: SentRequest = { kind, request };
    result.sent.push(sent);
    const answer = await client.send(request);
    sent.answer = answer;
    if ('failure' in answer)
      result.transportFailure = { ...answer.failure, url: request.url, kind };
    return answer;
  };

  let request = {
    url: spec.url,
    method: normalizeMethod(spec.method),
    headers: page.headers,
    body: spec.body,
  };
  let cors = false;
  let tainted = false;
  const visited: string[] = [];
  while (exchange.legs.length < MAX_LEGS) {
    visited.push(request.url);
    if (mode === 'cors' && !sameOrigin(spec.origin, request.url)) cors = true;
    const state: LegState = {
      ...request,
      origin: tainted ? 'null' : spec.origin,
      cors,
      mode,
      site: fetchSite(spec.origin, visited),
      // `same-origin` credentials go only while no cross-origin URL was involved.
      withCredentials:
        spec.credentials === 'include' || (spec.credentials === 'same-origin' && !cors),
    };
    if (request.body === undefined) delete state.body;
    if (page.cookie !== undefined) state.cookie = page.cookie;
    const actual = actualRequest(state);
    const leg: Leg = { request: withoutBody(actual) };
    exchange.legs.push(leg);

    const forced = spec.forcePreflight === true;
    if (cors && needsPreflight(request, { forced }).needed) {
      const preflight = preflightRequest(state);
      leg.preflight = { request: preflight };
      const answer = await send('preflight', preflight);
      if ('failure' in answer) {
        leg.preflight.netError = answer.failure.netError;
        break;
      }
      leg.preflight.response = answer.response;
      if (nextStep(exchange, spec.credentials).kind !== 'send-actual') break;
    }
    if (spec.preflightOnly) {
      result.stoppedBeforeActual = true;
      break;
    }
    const answer = await send('actual', actual);
    if ('failure' in answer) {
      leg.netError = answer.failure.netError;
      break;
    }
    leg.response = answer.response;
    // no-cors is never CORS-checked, so the engine decides nothing here: fetch just follows.
    const step: Step =
      mode === 'no-cors'
        ? { kind: isRedirect(answer.response) ? 'follow' : 'done', tainted: false }
        : nextStep(exchange, spec.credentials);
    if (step.kind !== 'follow') break;
    tainted = step.tainted;
    const next = redirectedRequest(request, answer.response);
    if (!next) break;
    request = next;
  }
  result.cookieWithheld =
    page.cookie !== undefined &&
    !result.sent.some((s) => s.request.headers.some((h) => h.name === 'Cookie'));
  return result;
}

function isRedirect(response: WireResponse): boolean {
  return (
    [301, 302, 303, 307, 308].includes(response.status) &&
    response.headers.some((h) => h.name.toLowerCase() === 'location')
  );
}

function sameOrigin(origin: string, url: string): boolean {
  return origin !== 'null' && tryParseUrl(url)?.origin === origin;
}

function withoutBody(request: WireRequest): WireRequest {
  return { url: request.url, method: request.method, headers: request.headers };
}
