/**
 * The response side of a leg (`cors_url_loader.cc: OnReceiveResponse`, `OnReceiveRedirect`): the
 * CORS check, then for redirects the hop rules (count, user info, taint).
 */
import { runAccessCheck, type Failure } from './run-access-check.ts';
import { isCorsNetError } from './net-errors.ts';
import type { NormalLeg } from './normalize.ts';
import { isSameOriginUrl } from './origin.ts';
import { hasUserinfo, isRedirectResponse, MAX_REDIRECTS, redirectTarget } from './redirects.ts';
import { isHttpScheme } from './url.ts';
import type { LegStep } from './walk.ts';

/** A 304 answering conditional headers the browser's cache added (not announced to a preflight). */
function isCacheRevalidation(leg: NormalLeg): boolean {
  if (leg.response?.status !== 304) return false;
  const added = leg.facts?.ambiguous;
  return (
    added !== undefined && (added.includes('if-none-match') || added.includes('if-modified-since'))
  );
}

/** Response-side checks of a leg; returns the outcome when the exchange ends here. */
export const responseOfLeg: LegStep = (w, ex, leg, i, url, credentials) => {
  const resp = leg.response;
  const last = i === ex.legs.length - 1;
  if (!resp) {
    // A network failure, or a response the recording does not have (CORS-blocked ones have none).
    const netFailure = leg.netError && !isCorsNetError(leg.netError) ? leg.netError : undefined;
    if (w.record)
      w.check(
        'response-received',
        'response',
        i,
        'A response arrived',
        false,
        netFailure
          ? `No HTTP response: the request failed with ${netFailure}.`
          : 'No response was recorded for this request.',
      );
    if (netFailure) {
      return w.finish('network-error', i, 'response', {
        verdict: 'network-error',
        netError: netFailure,
        culprit: { where: 'response', legIndex: i },
      });
    }
    const failure: Failure = {
      verdict: w.cors ? 'blocked' : 'network-error',
      culprit: { where: 'response', legIndex: i },
    };
    if (leg.netError) failure.netError = leg.netError;
    return w.finish(failure.verdict, i, 'response', failure, 'no-response');
  }
  const redirect = isRedirectResponse(resp) || !last;
  if (w.cors && !redirect && isCacheRevalidation(leg)) {
    // The browser's cache revalidated its copy: Chromium skips the CORS check on the 304 and hands
    // the page the cached response, which passed CORS when it was first stored.
    if (w.record)
      w.check(
        'response-revalidated',
        'response',
        i,
        'Access-Control-Allow-Origin allows the origin',
        true,
        'A 304 Not Modified to a cache revalidation: the browser does not check CORS headers on it and uses its cached copy.',
      );
    return w.finish('allowed', i, 'response');
  }
  if (w.cors) {
    const access = runAccessCheck(
      w.record ? w.checks : undefined,
      redirect ? 'redirect' : 'response',
      i,
      resp,
      credentials,
      w.requestOrigin,
    );
    if (access.failure)
      return w.finish('blocked', i, redirect ? 'redirect' : 'response', access.failure);
  }
  if (!redirect) {
    if (leg.netError && !isCorsNetError(leg.netError)) {
      return w.finish('network-error', i, 'response', {
        verdict: 'network-error',
        netError: leg.netError,
        culprit: { where: 'response', legIndex: i },
      });
    }
    return w.finish(w.cors ? 'allowed' : 'not-cors', i, 'response');
  }

  if (i >= MAX_REDIRECTS) {
    if (w.record)
      w.check(
        'redirect-count',
        'redirect',
        i,
        'Fewer than 21 redirects',
        false,
        'The browser gives up after 20 redirects.',
      );
    return w.finish('network-error', i, 'redirect', {
      verdict: 'network-error',
      netError: 'net::ERR_TOO_MANY_REDIRECTS',
    });
  }
  const next = ex.legs[i + 1];
  const target = isRedirectResponse(resp)
    ? redirectTarget(resp, leg.request.url)
    : next
      ? next.url
      : null;
  if (!target) {
    if (w.record)
      w.check(
        'redirect-location',
        'redirect',
        i,
        'The redirect has a valid Location',
        false,
        'The Location header is missing or not a valid URL.',
        'Location',
      );
    return w.finish('network-error', i, 'redirect', {
      verdict: 'network-error',
      netError: 'net::ERR_INVALID_REDIRECT',
      culprit: { where: 'response', legIndex: i, header: 'Location' },
    });
  }
  if (!isHttpScheme(target.scheme)) {
    if (w.record)
      w.check(
        'redirect-location',
        'redirect',
        i,
        'The redirect stays on http(s)',
        false,
        `The redirect points to a "${target.scheme}:" URL, which the browser refuses to follow.`,
        'Location',
      );
    return w.finish('network-error', i, 'redirect', {
      verdict: 'network-error',
      netError: 'net::ERR_UNSAFE_REDIRECT',
      culprit: { where: 'response', legIndex: i, header: 'Location' },
    });
  }
  const crossToInitiator = !isSameOriginUrl(ex.initiatorOrigin, target);
  const userinfo = hasUserinfo(target);
  const forbidsUserinfo = w.cors || (ex.mode === 'cors' && (w.tainted || crossToInitiator));
  if (w.record)
    w.check(
      'redirect-userinfo',
      'redirect',
      i,
      'The redirect target has no user name or password',
      !(userinfo && forbidsUserinfo),
      userinfo
        ? 'The Location URL contains a user name and/or password (user:pass@host), which is forbidden for cross-origin requests.'
        : 'The Location URL carries no credentials.',
      'Location',
    );
  if (userinfo && forbidsUserinfo) {
    const loc = resp.cors.location ?? '';
    return w.finish('blocked', i, 'redirect', {
      verdict: 'blocked',
      reason: 'RedirectContainsCredentials',
      failedParameter: '',
      culprit: { where: 'response', legIndex: i, header: 'Location', value: loc },
    });
  }
  if (w.cors && leg.preflight && w.record) {
    w.notes.push(
      'Chrome deviation: after a successful preflight Chrome follows the redirect (and preflights the new URL if needed); the Fetch standard, and the WPT tests, expect the request to fail.',
    );
  }
  if (!w.tainted && target.origin !== url.origin && !isSameOriginUrl(ex.initiatorOrigin, url)) {
    w.tainted = true;
    w.taintedAtLeg = i;
    if (w.record)
      w.check(
        'redirect-taint',
        'redirect',
        i,
        'The request keeps the page origin',
        true,
        `This cross-origin server redirected to another origin (${target.origin}), so from here on the browser sends "Origin: null" and the next server must answer with Access-Control-Allow-Origin "null" or "*".`,
      );
  }
  if (last) {
    w.notes.push(
      'The recording ends at a redirect: the next request was not captured (or the page asked for redirect: "manual").',
    );
    return w.finish(
      w.cors ? 'allowed' : 'not-cors',
      i,
      'redirect',
      undefined,
      'redirect-not-followed',
    );
  }
  return undefined;
};
