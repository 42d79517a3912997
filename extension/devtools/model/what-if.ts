import type { Diagnosis, Exchange, Header, Leg } from '../../../src/cors/types.ts';
import { diagnose } from './engine.ts';
import { formatHeaderLines, headerValue, parseHeaderLines } from './header-list.ts';

/** The editable parts of one leg's answers, as text, the way the what-if view shows them. */
export interface WhatIfDraft {
  legIndex: number;
  /** Only when the leg had a preflight. */
  preflight?: { status: string; headers: string };
  response: { status: string; headers: string };
  /** True when the request was never sent: its response is an assumption to fill in. */
  responseAssumed: boolean;
}

export interface WhatIfResult {
  diagnosis?: Diagnosis;
  /** Unparsable lines or statuses; the verdict waits until they are fixed. */
  errors: string[];
}

/** The leg worth editing: where the failing check looked, else the last one. */
export function legToEdit(exchange: Exchange, diagnosis: Diagnosis): number {
  const failed = diagnosis.checks.find((c) => !c.passed);
  const index = diagnosis.culprit?.legIndex ?? failed?.legIndex ?? exchange.legs.length - 1;
  return Math.min(Math.max(0, index), exchange.legs.length - 1);
}

export function draftFromExchange(exchange: Exchange, legIndex: number): WhatIfDraft {
  const leg = exchange.legs[legIndex]!;
  return {
    legIndex,
    preflight: leg.preflight
      ? {
          status: String(leg.preflight.response?.status ?? 204),
          headers: formatHeaderLines(leg.preflight.response?.headers ?? []),
        }
      : undefined,
    response: {
      status: String(leg.response?.status || 200),
      headers: formatHeaderLines(leg.response?.headers ?? []),
    },
    responseAssumed: !leg.response || leg.response.status === 0,
  };
}

/**
 * The exchange with the draft's answers in place of the server's, and without the browser's own
 * verdict (`observed`), so the engine judges only the headers.
 */
export function applyDraft(
  exchange: Exchange,
  draft: WhatIfDraft,
): { exchange?: Exchange; errors: string[] } {
  const errors: string[] = [];
  const responseHeaders = parseHeaderLines(draft.response.headers);
  errors.push(...responseHeaders.errors.map((e) => `Response: ${e}`));
  const status = parseStatus(draft.response.status, 'Response', errors);
  let preflightPart: { status: number; headers: Header[] } | undefined;
  if (draft.preflight) {
    const parsed = parseHeaderLines(draft.preflight.headers);
    errors.push(...parsed.errors.map((e) => `Preflight: ${e}`));
    preflightPart = {
      status: parseStatus(draft.preflight.status, 'Preflight', errors),
      headers: parsed.headers,
    };
  }
  if (errors.length) return { errors };
  const original = exchange.legs[draft.legIndex]!;
  const leg: Leg = {
    request: original.request,
    response: { status, headers: responseHeaders.headers },
  };
  if (original.preflight && preflightPart) {
    leg.preflight = { request: original.preflight.request, response: preflightPart };
  }
  // Later hops exist only if the edited answer is still the same redirect.
  const stillRedirects =
    status >= 300 &&
    status < 400 &&
    headerValue(responseHeaders.headers, 'location') ===
      headerValue(original.response?.headers, 'location');
  const legs = [
    ...exchange.legs.slice(0, draft.legIndex),
    leg,
    ...(stillRedirects ? exchange.legs.slice(draft.legIndex + 1) : []),
  ];
  const { observed: _observed, ...rest } = exchange;
  return { exchange: { ...rest, legs }, errors };
}

export function evaluateDraft(exchange: Exchange, draft: WhatIfDraft): WhatIfResult {
  const applied = applyDraft(exchange, draft);
  return applied.exchange
    ? { diagnosis: diagnose(applied.exchange), errors: [] }
    : { errors: applied.errors };
}

function parseStatus(text: string, part: string, errors: string[]): number {
  const status = Number(text.trim());
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    errors.push(`${part}: status must be a number from 100 to 599.`);
  }
  return status;
}

/** Response headers that would make this request pass, for the "Suggested headers" button. */
export function suggestedDraft(exchange: Exchange, diagnosis: Diagnosis, base: WhatIfDraft) {
  const leg = exchange.legs[base.legIndex]!;
  // The Origin this hop carried: `null` after a cross-origin redirect, which is what must be echoed.
  const origin =
    headerValue(leg.request.headers, 'origin') ??
    headerValue(leg.preflight?.request.headers, 'origin') ??
    exchange.initiatorOrigin;
  const credentials = diagnosis.credentials.mode === 'include';
  // Echoing the origin works with and without credentials; `*` never works with them.
  const allow: Header[] = [
    { name: 'Access-Control-Allow-Origin', value: origin },
    { name: 'Vary', value: 'Origin' },
    ...(credentials ? [{ name: 'Access-Control-Allow-Credentials', value: 'true' }] : []),
  ];
  const withCors = (text: string, extra: Header[]) =>
    formatHeaderLines([
      ...parseHeaderLines(text).headers.filter((h) => !/^access-control-|^vary$/i.test(h.name)),
      ...allow,
      ...extra,
    ]);
  const draft: WhatIfDraft = {
    ...base,
    response: { ...base.response, headers: withCors(base.response.headers, []) },
  };
  if (base.preflight && leg.preflight) {
    const method = headerValue(leg.preflight.request.headers, 'access-control-request-method');
    const requested = headerValue(leg.preflight.request.headers, 'access-control-request-headers');
    const current = parseHeaderLines(base.preflight.headers).headers;
    // Keep what the server already allows and add what this request needs.
    const methods = tokens(headerValue(current, 'access-control-allow-methods'), method);
    const names = tokens(headerValue(current, 'access-control-allow-headers'), requested, true);
    const status = Number(base.preflight.status);
    draft.preflight = {
      status: status >= 200 && status < 300 ? base.preflight.status : '204',
      headers: withCors(base.preflight.headers, [
        ...(methods ? [{ name: 'Access-Control-Allow-Methods', value: methods }] : []),
        ...(names ? [{ name: 'Access-Control-Allow-Headers', value: names }] : []),
      ]),
    };
  }
  return draft;
}

/** The comma lists `existing` and `wanted` merged, without repeats (and without `*`, which is
 * literal with credentials); header names are compared case-insensitively. */
function tokens(
  existing: string | undefined,
  wanted: string | undefined,
  caseless = false,
): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of `${existing ?? ''},${wanted ?? ''}`.split(',')) {
    const token = raw.trim();
    const key = caseless ? token.toLowerCase() : token;
    if (!token || token === '*' || seen.has(key)) continue;
    seen.add(key);
    out.push(token);
  }
  return out.join(', ');
}
