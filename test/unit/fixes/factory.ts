/**
 * Builds Exchange and Diagnosis values directly, so the fix tests do not depend on the engine's
 * verdicts (the integration test covers the two together).
 */
import type {
  CorsErrorName,
  CredentialsMode,
  Diagnosis,
  Exchange,
  Header,
  HttpResponse,
  Leg,
  PreflightReason,
} from '../../../src/cors/types.ts';

export const h = (name: string, value: string): Header => ({ name, value });

export interface CaseSpec {
  origin?: string;
  url?: string;
  method?: string;
  /** Non-safelisted request headers the page sent, as [name, value]. */
  requestHeaders?: [string, string][];
  credentials?: CredentialsMode;
  reason?: CorsErrorName;
  failedParameter?: string;
  /** Record a preflight with this response (status and headers). */
  preflight?: HttpResponse | 'none';
  response?: HttpResponse;
  verdict?: Diagnosis['verdict'];
  /** Extra legs before the failing one (redirect chain). */
  redirectsFrom?: string[];
}

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

export function makeCase(spec: CaseSpec = {}): { exchange: Exchange; diagnosis: Diagnosis } {
  const origin = spec.origin ?? 'http://localhost:5173';
  const url = spec.url ?? 'http://localhost:8080/api/items';
  const method = spec.method ?? 'GET';
  const requestHeaders = (spec.requestHeaders ?? []).map(([n, v]) => h(n, v));
  const credentials = spec.credentials ?? 'same-origin';
  const needsPreflight = !SAFELISTED_METHODS.has(method.toUpperCase()) || requestHeaders.length > 0;

  const legs: Leg[] = [];
  const chain = spec.redirectsFrom ?? [];
  chain.forEach((from, i) => {
    legs.push({
      request: { url: from, method, headers: [h('Origin', i === 0 ? origin : 'null')] },
      response: { status: 302, headers: [h('Location', chain[i + 1] ?? url)] },
    });
  });
  const sentOrigin = chain.length > 0 ? 'null' : origin;
  const leg: Leg = {
    request: { url, method, headers: [h('Origin', sentOrigin), ...requestHeaders] },
  };
  if (needsPreflight && spec.preflight !== 'none') {
    const names = requestHeaders.map((x) => x.name.toLowerCase()).sort();
    leg.preflight = {
      request: {
        url,
        method: 'OPTIONS',
        headers: [
          h('Origin', sentOrigin),
          h('Access-Control-Request-Method', method),
          ...(names.length > 0 ? [h('Access-Control-Request-Headers', names.join(','))] : []),
        ],
      },
      response: spec.preflight ?? { status: 204, headers: [] },
    };
  }
  if (spec.response) leg.response = spec.response;
  legs.push(leg);

  const reasons: PreflightReason[] = [];
  if (!SAFELISTED_METHODS.has(method.toUpperCase())) reasons.push({ kind: 'method', method });
  for (const x of requestHeaders) {
    reasons.push({ kind: 'header', header: x.name.toLowerCase(), why: 'not-safelisted' });
  }
  const diagnosis: Diagnosis = {
    verdict: spec.verdict ?? 'blocked',
    preflight: {
      needed: needsPreflight,
      sent: needsPreflight && spec.preflight !== 'none',
      reasons,
    },
    credentials: { mode: credentials, inferred: false, evidence: [], verdictDependsOnIt: false },
    checks: [],
    summary: 'test',
    explanation: [],
    notes: [],
  };
  if (spec.reason) diagnosis.reason = spec.reason;
  if (spec.failedParameter !== undefined) diagnosis.failedParameter = spec.failedParameter;
  diagnosis.culprit = { where: 'response', legIndex: legs.length - 1 };
  return { exchange: { initiatorOrigin: origin, credentials, legs }, diagnosis };
}
