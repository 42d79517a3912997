/**
 * What a recorded leg's request says about CORS, independent of the credentials mode: computed once
 * per leg and shared by the real run and the what-if run under the other mode.
 */
import type { NormalExchange } from './normalize.ts';
import { classifyRequestHeaders, preflightNeedOf } from './preflight-need.ts';
import { announcedHeaderNames, NETWORK_ADDED_HEADERS } from './recorded-headers.ts';
import { CHROMIUM_EXTRA_SAFELISTED_NAMES, safelistVerdict } from './safelist.ts';
import type { PreflightReason } from './types.ts';

export interface RequestFacts {
  /** Why a preflight is needed (empty: not needed). Includes what a recorded preflight announced. */
  reasons: PreflightReason[];
  /** CORS-unsafe header names in the order Chromium's header check visits them. */
  unsafeHeaders: string[];
  /** Names set aside as probably network-added. */
  ambiguous: string[];
  /** A header only Chromium safelists (client hints, `intervention`) went without a preflight. */
  usesChromeOnlySafelist: boolean;
}

const FORCED_BY_RECORDING: PreflightReason = {
  kind: 'forced',
  detail:
    'a preflight was recorded although the method and headers need none (XMLHttpRequest upload listeners or a streamed fetch() body force one)',
};

export function requestFacts(ex: NormalExchange, legIndex: number): RequestFacts {
  const leg = ex.legs[legIndex]!;
  return (leg.facts ??= computeFacts(ex, legIndex));
}

function computeFacts(ex: NormalExchange, legIndex: number): RequestFacts {
  const leg = ex.legs[legIndex]!;
  const pf = leg.preflight;
  // A recorded preflight's Access-Control-Request-Headers is what Chromium found unsafe.
  const announced = pf ? announcedHeaderNames(pf.request.headers) : undefined;
  const keepAllAmbiguous = pf !== undefined && announced === undefined;

  // One pass: lower-case each name once, drop pseudo-headers and probably network-added ones,
  // merge repeats as Blink does. Recorded order matters: for a request stopped at its preflight,
  // DevTools records the headers in the order Chromium checks them (its header map's order).
  const names: string[] = [];
  const values: string[] = [];
  const ambiguous: string[] = [];
  for (const h of leg.request.headers) {
    if (h.name.charCodeAt(0) === 0x3a) continue; // ':authority' and friends (HTTP/2)
    const lower = h.name.toLowerCase();
    if (NETWORK_ADDED_HEADERS.has(lower) && !keepAllAmbiguous && !announced?.includes(lower)) {
      if (!ambiguous.includes(lower)) ambiguous.push(lower);
      continue;
    }
    const at = names.indexOf(lower);
    if (at >= 0) values[at] = `${values[at]!}, ${h.value}`;
    else {
      names.push(lower);
      values.push(h.value);
    }
  }
  const unsafe = classifyRequestHeaders(names, values);
  const reasons = preflightNeedOf(leg.request.method, unsafe, ex.forcedPreflight).reasons;
  // Chromium's check order: individually unsafe names, then (over budget) the safelisted ones,
  // each in request order.
  let unsafeHeaders = unsafe.map((u) => u.name);
  if (announced) {
    unsafeHeaders = unsafeHeaders.filter((n) => announced.includes(n));
    for (const name of announced) {
      if (unsafeHeaders.includes(name)) continue;
      unsafeHeaders.push(name);
      const at = names.indexOf(name);
      const v = at < 0 ? 'not-safelisted' : safelistVerdict(name, values[at]!);
      reasons.push({
        kind: 'header',
        header: name,
        why: v === 'safelisted' ? 'safelist-budget' : v,
      });
    }
  }
  if (pf && reasons.length === 0) reasons.push(FORCED_BY_RECORDING);
  const usesChromeOnlySafelist =
    reasons.length === 0 &&
    names.some((n) => CHROMIUM_EXTRA_SAFELISTED_NAMES.has(n) && !n.startsWith('sec-'));
  return { reasons, unsafeHeaders, ambiguous, usesChromeOnlySafelist };
}
