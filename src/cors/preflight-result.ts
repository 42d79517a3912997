/**
 * The preflight response, checked in Chromium's order (`preflight_controller.cc`,
 * `preflight_result.cc`): network error → redirect → CORS check → 2xx → Allow-Methods/-Headers
 * syntax → method → headers.
 */
import { runAccessCheck, type Failure } from './run-access-check.ts';
import { parseAllowList, type AllowList } from './allow-list.ts';
import { isCorsNetError } from './net-errors.ts';
import { isRedirectResponse } from './redirects.ts';
import { isSafelistedMethod } from './safelist.ts';
import { headersDetail, methodDetail } from './preflight-texts.ts';
import type { Check, CredentialsMode } from './types.ts';
import type { NormalPreflight } from './normalize.ts';

const INVALID_REDIRECT = 'net::ERR_INVALID_REDIRECT';

export const ACAM = 'Access-Control-Allow-Methods';
export const ACAH = 'Access-Control-Allow-Headers';

export interface PreflightInput {
  legIndex: number;
  preflight: NormalPreflight;
  method: string;
  /** CORS-unsafe header names of the actual request, lower-cased, in the order Chromium checks them. */
  unsafeHeaders: readonly string[];
  credentials: CredentialsMode;
  /** The request's origin (`null` after a tainting redirect). */
  origin: string;
}

export interface PreflightOutcome {
  failure?: Failure;
  /** The preflight passed only because Chrome lets `*` cover `Authorization` (spec says it must not). */
  authorizationCoveredByWildcard: boolean;
  /** Nothing was recorded in answer to the preflight. */
  missingResponse: boolean;
}

/** Method check (`EnsureAllowedCrossOriginMethod`, spec-conformant mode, Chromium's default). */
export function isMethodAllowed(
  method: string,
  allowed: readonly string[],
  credentials: CredentialsMode,
): boolean {
  if (allowed.includes(method) || isSafelistedMethod(method)) return true;
  return credentials !== 'include' && allowed.includes('*');
}

/**
 * Header check (`EnsureAllowedCrossOriginHeaders`): the first unsafe header missing from the list, or
 * `undefined` when all are allowed. A non-credentialed `*` allows everything, `authorization`
 * included (Chrome keeps `kCorsNonWildcardRequestHeadersSupport` disabled).
 */
export function firstDisallowedHeader(
  unsafeHeaders: readonly string[],
  allowedLower: readonly string[],
  credentials: CredentialsMode,
): string | undefined {
  if (credentials !== 'include' && allowedLower.includes('*')) return undefined;
  for (const name of unsafeHeaders) if (!allowedLower.includes(name)) return name;
  return undefined;
}

/** What differs between the Allow-Methods and the Allow-Headers syntax checks. */
const LIST_SYNTAX = {
  [ACAM]: {
    id: 'preflight-allow-methods-syntax',
    reason: 'InvalidAllowMethodsPreflightResponse',
    token: 'a method token. Use commas between methods, e.g. "GET, PUT, DELETE".',
  },
  [ACAH]: {
    id: 'preflight-allow-headers-syntax',
    reason: 'InvalidAllowHeadersPreflightResponse',
    token: 'a header-name token. Use commas between names.',
  },
} as const;

/** The check recorded for an allow list: it must parse as comma-separated tokens. */
function listSyntaxCheck(
  header: typeof ACAM | typeof ACAH,
  raw: string | undefined,
  list: AllowList,
): [id: string, title: string, passed: boolean, detail: string, header: string] {
  return [
    LIST_SYNTAX[header].id,
    `Preflight: ${header} parses`,
    list.ok,
    list.ok
      ? raw === undefined
        ? `No ${header} header (an empty list).`
        : `${header} "${raw}" is a valid comma-separated list.`
      : `${header} "${raw}" contains "${list.bad}", which is not ${LIST_SYNTAX[header].token}`,
    header,
  ];
}

function listSyntaxFailure(
  header: typeof ACAM | typeof ACAH,
  raw: string | undefined,
  legIndex: number,
): Failure {
  return {
    verdict: 'blocked',
    reason: LIST_SYNTAX[header].reason,
    failedParameter: '',
    culprit: { where: 'preflight-response', legIndex, header, value: raw ?? '' },
  };
}

export function evaluatePreflight(
  input: PreflightInput,
  checks: Check[] | undefined,
): PreflightOutcome {
  const { legIndex, preflight, method, unsafeHeaders, credentials, origin } = input;
  const out: PreflightOutcome = { authorizationCoveredByWildcard: false, missingResponse: false };
  const response = preflight.response;
  const push = (
    id: string,
    title: string,
    passed: boolean,
    detail: string,
    header?: string,
  ): void => {
    const c: Check = { id, stage: 'preflight', legIndex, title, passed, detail };
    if (header) c.header = header;
    checks?.push(c);
  };

  if (!response) {
    const ne = preflight.netError;
    // Chromium logs a redirected preflight as net::ERR_INVALID_REDIRECT, often without its 3xx.
    if (ne === INVALID_REDIRECT || ne === 'ERR_INVALID_REDIRECT') {
      if (checks)
        push(
          'preflight-redirect',
          'Preflight: the response is not a redirect',
          false,
          `The preflight failed with ${ne}: the server answered it with a redirect, and browsers never follow redirects for preflights.`,
          'Location',
        );
      out.failure = {
        verdict: 'blocked',
        reason: 'PreflightDisallowedRedirect',
        failedParameter: '',
        culprit: { where: 'preflight-response', legIndex, header: 'Location' },
      };
      return out;
    }
    if (ne && !isCorsNetError(ne)) {
      if (checks)
        push(
          'preflight-network',
          'Preflight: the OPTIONS request got a response',
          false,
          `The preflight failed before any HTTP response arrived (${ne}). This is a network problem, not a CORS header problem.`,
        );
      out.failure = {
        verdict: 'network-error',
        netError: ne,
        culprit: { where: 'preflight-response', legIndex },
      };
    } else {
      if (checks)
        push(
          'preflight-network',
          'Preflight: the OPTIONS request got a response',
          false,
          'A preflight was sent but no response to it was recorded.',
        );
      out.missingResponse = true;
      out.failure = { verdict: 'blocked', culprit: { where: 'preflight-response', legIndex } };
    }
    return out;
  }
  if (checks)
    push(
      'preflight-network',
      'Preflight: the OPTIONS request got a response',
      true,
      `The server answered the preflight with status ${response.status}.`,
    );

  if (isRedirectResponse(response)) {
    const loc = response.cors.location ?? '';
    if (checks)
      push(
        'preflight-redirect',
        'Preflight: the response is not a redirect',
        false,
        `The preflight was answered with a ${response.status} redirect to "${loc}". Browsers never follow redirects for preflights.`,
        'Location',
      );
    out.failure = {
      verdict: 'blocked',
      reason: 'PreflightDisallowedRedirect',
      failedParameter: '',
      culprit: { where: 'preflight-response', legIndex, header: 'Location', value: loc },
    };
    return out;
  }
  if (checks)
    push(
      'preflight-redirect',
      'Preflight: the response is not a redirect',
      true,
      `Status ${response.status} is not a redirect.`,
    );

  // Chromium checks Allow-Origin before the status: a 404 without CORS headers reports the header.
  const access = runAccessCheck(checks, 'preflight', legIndex, response, credentials, origin);
  if (access.failure) {
    out.failure = access.failure;
    return out;
  }

  const okStatus = response.status >= 200 && response.status <= 299;
  if (checks)
    push(
      'preflight-status',
      'Preflight: the status is 2xx',
      okStatus,
      okStatus
        ? `Status ${response.status} is a success status.`
        : `The preflight was answered with status ${response.status}; a preflight must succeed with a 2xx status (usually 204). Often the OPTIONS route is missing (404/405) or blocked by authentication (401/403), because preflights never carry cookies or Authorization.`,
    );
  if (!okStatus) {
    out.failure = {
      verdict: 'blocked',
      reason: 'PreflightInvalidStatus',
      failedParameter: '',
      culprit: { where: 'preflight-response', legIndex, value: String(response.status) },
    };
    return out;
  }

  const acam = response.cors.allowMethods;
  const methods = (response.cors.methodList ??= parseAllowList(acam, false));
  if (checks) push(...listSyntaxCheck(ACAM, acam, methods));
  if (!methods.ok) {
    out.failure = listSyntaxFailure(ACAM, acam, legIndex);
    return out;
  }
  const acah = response.cors.allowHeaders;
  const allowedHeaders = (response.cors.headerList ??= parseAllowList(acah, true));
  if (checks) push(...listSyntaxCheck(ACAH, acah, allowedHeaders));
  if (!allowedHeaders.ok) {
    out.failure = listSyntaxFailure(ACAH, acah, legIndex);
    return out;
  }

  const methodOk = isMethodAllowed(method, methods.items, credentials);
  if (checks)
    push(
      'preflight-method',
      `Preflight: ${ACAM} allows ${method}`,
      methodOk,
      methodDetail(method, methodOk, methods.items, credentials),
      ACAM,
    );
  if (!methodOk) {
    out.failure = {
      verdict: 'blocked',
      reason: 'MethodDisallowedByPreflightResponse',
      failedParameter: method,
      culprit: { where: 'preflight-response', legIndex, header: ACAM, value: acam ?? '' },
    };
    return out;
  }

  const missing = firstDisallowedHeader(unsafeHeaders, allowedHeaders.items, credentials);
  const wildcard = credentials !== 'include' && allowedHeaders.items.includes('*');
  out.authorizationCoveredByWildcard =
    wildcard &&
    unsafeHeaders.includes('authorization') &&
    !allowedHeaders.items.includes('authorization');
  if (checks)
    push(
      'preflight-headers',
      `Preflight: ${ACAH} allows the request headers`,
      missing === undefined,
      headersDetail(unsafeHeaders, missing, wildcard, allowedHeaders.items, credentials),
      ACAH,
    );
  if (missing !== undefined) {
    out.failure = {
      verdict: 'blocked',
      reason: 'HeaderDisallowedByPreflightResponse',
      failedParameter: missing,
      culprit: { where: 'preflight-response', legIndex, header: ACAH, value: acah ?? '' },
    };
  }
  return out;
}
