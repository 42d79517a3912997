/**
 * Runs `checkAccess` on one recorded response and records it as `Check`s with plain-language
 * details, for preflight, redirect and final responses alike.
 */
import { checkAccess, preflightTwin, type AccessError } from './check-access.ts';
import type { NormalResponse } from './response-headers.ts';
import type { Check, CorsErrorName, CredentialsMode, Culprit } from './types.ts';

export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';

export interface Failure {
  verdict: 'blocked' | 'network-error';
  reason?: CorsErrorName;
  failedParameter?: string;
  netError?: string;
  culprit?: Culprit;
}

export interface AccessCheckResult {
  failure?: Failure;
  error?: AccessError;
}

function quote(v: string | undefined): string {
  return v === undefined ? '(absent)' : `"${v}"`;
}

function originDetail(
  error: AccessError | undefined,
  acao: string | undefined,
  origin: string,
): string {
  switch (error) {
    case undefined:
      return acao === '*'
        ? `${ACAO} is "*", which allows any origin for a request without credentials.`
        : `${ACAO} ${quote(acao)} equals the request's origin "${origin}".`;
    case 'WildcardOriginNotAllowed':
      return `${ACAO} is "*", but this request carries credentials (cookies, HTTP auth); "*" is only honoured for requests without credentials.`;
    case 'MissingAllowOriginHeader':
      return `The response has no ${ACAO} header, so it does not opt in to being read by "${origin}".`;
    case 'MultipleAllowOriginValues':
      return `${ACAO} is ${quote(acao)}: more than one value (a list, or the header sent twice and joined by the browser). Exactly one origin is allowed.`;
    case 'InvalidAllowOriginValue':
      return `${ACAO} is ${quote(acao)}, which is not an origin. It must be a serialized origin like "https://app.example:8443", "*" or "null".`;
    case 'AllowOriginMismatch':
      return `${ACAO} is ${quote(acao)} but the request's origin is "${origin}"; they must be equal byte for byte (scheme, host, port; no path or trailing slash).`;
    default:
      return '';
  }
}

/**
 * The CORS check on `response`, appended to `checks`. `preflight` selects the `Preflight*` error
 * names and wording.
 */
export function runAccessCheck(
  checks: Check[] | undefined,
  stage: 'preflight' | 'redirect' | 'response',
  legIndex: number,
  response: NormalResponse,
  credentials: CredentialsMode,
  origin: string,
): AccessCheckResult {
  const { allowOrigin: acao, allowCredentials: acac } = response.cors;
  const result = checkAccess({ allowOrigin: acao, allowCredentials: acac, credentials, origin });
  const where: Culprit['where'] = stage === 'preflight' ? 'preflight-response' : 'response';
  const prefix = stage === 'preflight' ? 'Preflight: ' : stage === 'redirect' ? 'Redirect: ' : '';
  const originError =
    result.ok || result.error === 'InvalidAllowCredentials' ? undefined : result.error;
  checks?.push({
    id: `${stage}-allow-origin`,
    stage,
    legIndex,
    title: `${prefix}${ACAO} allows the origin`,
    passed: originError === undefined,
    detail: originDetail(originError, acao, origin),
    header: ACAO,
  });
  if (checks && originError === undefined && credentials === 'include') {
    const ok = result.ok;
    checks.push({
      id: `${stage}-allow-credentials`,
      stage,
      legIndex,
      title: `${prefix}${ACAC} is "true"`,
      passed: ok,
      detail: ok
        ? `${ACAC} is "true", as a request with credentials requires.`
        : `${ACAC} is ${quote(acac)}; a request with credentials needs exactly "true" (lower case).`,
      header: ACAC,
    });
  }
  if (result.ok) return {};
  const header = result.error === 'InvalidAllowCredentials' ? ACAC : ACAO;
  const value = result.error === 'InvalidAllowCredentials' ? acac : acao;
  const culprit: Culprit = { where, legIndex, header };
  if (value !== undefined) culprit.value = value;
  return {
    error: result.error,
    failure: {
      verdict: 'blocked',
      reason: stage === 'preflight' ? preflightTwin(result.error) : result.error,
      failedParameter: result.failedParameter,
      culprit,
    },
  };
}
