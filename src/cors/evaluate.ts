/**
 * The decision walk: Chromium's CORS state machine (`cors_url_loader.cc`) replayed over the recorded
 * legs of one exchange, for one credentials mode. Pure; appends `Check`s as it goes.
 */
import type { NormalExchange } from './normalize.ts';
import { isSameOriginUrl, originDifference } from './origin.ts';
import type { Outcome } from './outcome.ts';
import { corsLeg } from './request-leg.ts';
import { responseOfLeg } from './response-leg.ts';
import type { CredentialsMode } from './types.ts';
import { Walk } from './walk.ts';

export function evaluate(ex: NormalExchange, credentials: CredentialsMode, record = true): Outcome {
  const w = new Walk(ex, record);
  if (ex.mode === 'navigate' || ex.mode === 'no-cors') {
    if (w.record)
      w.check(
        'mode',
        'request',
        0,
        'The request uses CORS',
        true,
        ex.mode === 'navigate'
          ? 'This is a navigation (a page load), which CORS does not apply to.'
          : 'The request was made in "no-cors" mode: the browser fetches it without CORS and hands the page an opaque response it cannot read.',
      );
    return w.finish('not-cors', 0, 'request');
  }
  const legs = ex.legs;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    const url = leg.url;
    if (!url) {
      if (w.record)
        w.check(
          'url',
          'request',
          i,
          'The URL is valid',
          false,
          `"${leg.request.url}" is not a valid absolute URL.`,
        );
      return w.finish(
        'network-error',
        i,
        'request',
        { verdict: 'network-error', netError: leg.netError ?? 'net::ERR_INVALID_URL' },
        'invalid-url',
      );
    }
    // data: URLs are decoded locally: no CORS, and the walk ends on the first leg.
    const dataUrl = i === 0 && url.scheme === 'data';
    const sameOrigin = !dataUrl && isSameOriginUrl(ex.initiatorOrigin, url);
    if (!dataUrl && !sameOrigin) w.cors = true;
    if (w.record)
      w.check(
        'cross-origin',
        'request',
        i,
        'Is the request cross-origin?',
        true,
        dataUrl
          ? 'data: URLs are decoded locally; CORS does not apply to them.'
          : sameOrigin
            ? w.cors
              ? `${url.origin} is the page's own origin, but the request already went through another origin, so CORS still applies.`
              : `${url.origin} is the page's own origin: CORS does not apply to this leg.`
            : `${originDifference(ex.initiatorOrigin, url)} So CORS applies.`,
      );
    if (dataUrl) return w.finish('not-cors', 0, 'request');

    if (w.cors) {
      const failed = corsLeg(w, ex, leg, i, url, credentials);
      if (failed) return failed;
    }

    const done = responseOfLeg(w, ex, leg, i, url, credentials);
    if (done) return done;
  }
  // Unreachable: the last leg always finishes. Kept for the type checker and hostile inputs.
  return w.finish(w.cors ? 'allowed' : 'not-cors', legs.length - 1, 'response');
}
