/** Wording of the preflight's method and header checks: what was compared, and the usual trap. */
import { isSafelistedMethod } from './safelist.ts';
import type { CredentialsMode } from './types.ts';

const ACAM = 'Access-Control-Allow-Methods';
const ACAH = 'Access-Control-Allow-Headers';

export function methodDetail(
  method: string,
  ok: boolean,
  allowed: readonly string[],
  credentials: CredentialsMode,
): string {
  const list = allowed.length > 0 ? `"${allowed.join(', ')}"` : 'empty';
  if (ok) {
    if (isSafelistedMethod(method) && !allowed.includes(method))
      return `${method} is a CORS-safelisted method; it needs no listing.`;
    if (!allowed.includes(method))
      return `"*" allows any method for a request without credentials.`;
    return `${method} is listed in ${ACAM} (${list}).`;
  }
  const upper = method.toUpperCase();
  const caseHint =
    allowed.includes(upper) && upper !== method
      ? ` The list has "${upper}", but methods are compared case-sensitively and the page sent "${method}" (only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased by the browser).`
      : '';
  const starHint =
    allowed.includes('*') && credentials === 'include'
      ? ' The list has "*", but for a request with credentials "*" is a literal method name, not a wildcard.'
      : '';
  return `${method} is not in ${ACAM} (${list}) and is not a CORS-safelisted method (GET, HEAD, POST).${caseHint}${starHint}`;
}

export function headersDetail(
  unsafe: readonly string[],
  missing: string | undefined,
  wildcard: boolean,
  allowed: readonly string[],
  credentials: CredentialsMode,
): string {
  if (unsafe.length === 0) return 'The request has no headers that need permission.';
  const names = unsafe.join(', ');
  if (missing === undefined) {
    return wildcard
      ? `"*" allows any request header for a request without credentials (${names}).`
      : `Every header that needs permission (${names}) is listed.`;
  }
  const starHint =
    allowed.includes('*') && credentials === 'include'
      ? ' The list has "*", but for a request with credentials "*" is a literal name, not a wildcard.'
      : '';
  return `The request header "${missing}" needs permission but is not in ${ACAH} (${allowed.length > 0 ? `"${allowed.join(', ')}"` : 'absent or empty'}).${starHint} Headers needing permission: ${names}.`;
}
