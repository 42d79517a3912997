import type { Check, Diagnosis, Exchange, HttpResponse } from '../../../src/cors/types.ts';
import { corsHeaders, headerValue } from './header-list.ts';
import { shortUrl } from './origins.ts';

export type MessageKind = 'preflight' | 'preflight-response' | 'request' | 'response' | 'redirect';

/** One arrow between the Browser and Server lanes. */
export interface SequenceMessage {
  kind: MessageKind;
  toServer: boolean;
  /** e.g. `OPTIONS /api/items` or `204 No Content`. */
  label: string;
  /** A few header lines worth seeing on the arrow. */
  details: string[];
  /** `broken`: the check that failed read this message; `not-sent`: the browser never sent it. */
  state: 'ok' | 'broken' | 'not-sent' | 'failed';
  host: string;
  legIndex: number;
}

export interface Sequence {
  messages: SequenceMessage[];
  /** The last word: what the page's JavaScript gets. */
  outcome: { blocked: boolean; text: string };
}

/**
 * The browser–server conversation behind an exchange, in order: for each leg the preflight and its
 * answer, then the request and its answer (a redirect hop, or the final response), and where the
 * failing check broke it. Pure: the diagram component only draws it.
 */
export function buildSequence(exchange: Exchange, diagnosis: Diagnosis): Sequence {
  const failed = diagnosis.checks.find((c) => !c.passed);
  const messages: SequenceMessage[] = [];
  exchange.legs.forEach((leg, legIndex) => {
    const { host, path } = shortUrl(leg.request.url);
    const brokeHere = (stage: Check['stage']) =>
      failed !== undefined && failed.legIndex === legIndex && failed.stage === stage;
    if (leg.preflight) {
      const acrm = headerValue(leg.preflight.request.headers, 'access-control-request-method');
      const acrh = headerValue(leg.preflight.request.headers, 'access-control-request-headers');
      messages.push({
        kind: 'preflight',
        toServer: true,
        label: `OPTIONS ${path}`,
        details: [
          ...(acrm ? [`Access-Control-Request-Method: ${acrm}`] : []),
          ...(acrh ? [`Access-Control-Request-Headers: ${acrh}`] : []),
        ],
        state: 'ok',
        host,
        legIndex,
      });
      const answer = leg.preflight.response;
      messages.push({
        kind: 'preflight-response',
        toServer: false,
        label: answer ? statusLine(answer) : (leg.preflight.netError ?? 'No answer'),
        details: answer ? corsDetails(answer) : [],
        state: !answer ? 'failed' : brokeHere('preflight') ? 'broken' : 'ok',
        host,
        legIndex,
      });
    }
    const preflightBroke = leg.preflight !== undefined && brokeHere('preflight');
    const requestBroke = brokeHere('request');
    // Without a response, a request after a failed preflight (or refused outright) never left.
    const notSent = !leg.response && (preflightBroke || requestBroke || !!leg.preflight?.netError);
    messages.push({
      kind: 'request',
      toServer: true,
      label: `${leg.request.method} ${path}`,
      details: requestDetails(exchange, legIndex),
      state: notSent ? 'not-sent' : requestBroke ? 'broken' : 'ok',
      host,
      legIndex,
    });
    if (notSent) return;
    const response = leg.response;
    const location = response ? headerValue(response.headers, 'location') : undefined;
    const redirect = response !== undefined && response.status >= 300 && response.status < 400;
    messages.push({
      kind: redirect ? 'redirect' : 'response',
      toServer: false,
      label: response
        ? redirect && location
          ? `${response.status} → ${shortTarget(location, leg.request.url)}`
          : statusLine(response)
        : (leg.netError ?? 'No answer'),
      details: response ? corsDetails(response) : [],
      state: !response
        ? 'failed'
        : brokeHere('response') || brokeHere('redirect')
          ? 'broken'
          : 'ok',
      host,
      legIndex,
    });
  });
  return { messages, outcome: outcomeOf(diagnosis) };
}

function statusLine(response: HttpResponse): string {
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

function corsDetails(response: HttpResponse): string[] {
  const lines = corsHeaders(response.headers).map((h) => `${h.name}: ${h.value}`);
  return lines.length ? lines : ['no Access-Control-* headers'];
}

function requestDetails(exchange: Exchange, legIndex: number): string[] {
  const headers = exchange.legs[legIndex]?.request.headers;
  const origin = headerValue(headers, 'origin');
  return origin !== undefined ? [`Origin: ${origin}`] : [];
}

function shortTarget(location: string, base: string): string {
  try {
    const u = new URL(location, base);
    return u.host + u.pathname;
  } catch {
    return location;
  }
}

function outcomeOf(diagnosis: Diagnosis): Sequence['outcome'] {
  switch (diagnosis.verdict) {
    case 'blocked':
      return {
        blocked: true,
        text: `Blocked${diagnosis.reason ? ` (${diagnosis.reason})` : ''}: the page sees “TypeError: Failed to fetch”.`,
      };
    case 'network-error':
      return {
        blocked: true,
        text: `Network error${diagnosis.netError ? ` (${diagnosis.netError})` : ''}: not a CORS failure.`,
      };
    case 'not-cors':
      return {
        blocked: false,
        text: 'Not a CORS request: the browser did not check CORS headers.',
      };
    default:
      return { blocked: false, text: 'Allowed: the page can read the response.' };
  }
}
