// Puts every case on the loopback servers: hop k of case `id` lives at `/d/<id>/<k>` on its origin.
import type { Answer, RecordedRequest, TestServer } from '../harness/index.ts';
import type { AnswerSpec, Case, HopSpec, Lines, Origins, Where } from './case-types.ts';

/** A on `localhost` serves the page; B is `localhost` on another port; C is `127.0.0.1` (cross-site). */
export const HOSTS: Record<Where, string> = { A: 'localhost', B: 'localhost', C: '127.0.0.1' };

export type Servers = Record<Where, TestServer>;

export function originsOf(servers: Servers): Origins {
  const A = servers.A.originFor(HOSTS.A);
  return { page: A, A, B: servers.B.originFor(HOSTS.B), C: servers.C.originFor(HOSTS.C) };
}

export function hopPath(c: Case, k: number): string {
  return `/d/${c.id}/${k}`;
}

function hopUrl(origins: Origins, c: Case, k: number, userinfo?: string): string {
  const origin = origins[c.hops[k]!.at];
  const withUser = userinfo === undefined ? origin : origin.replace('://', `://${userinfo}@`);
  return withUser + hopPath(c, k);
}

/** The URL the page requests. */
export function firstUrl(origins: Origins, c: Case): string {
  return hopUrl(origins, c, 0);
}

function resolveLines(lines: Lines | undefined, origins: Origins): Array<[string, string]> {
  return (lines ?? []).map(([name, value]) => [
    name,
    typeof value === 'function' ? value(origins) : value,
  ]);
}

function answer(spec: AnswerSpec, origins: Origins, redirect?: string): Answer {
  const a: Answer = { headers: resolveLines(spec.headers, origins) };
  if (spec.status !== undefined) a.status = spec.status;
  if (redirect !== undefined) a.redirect = redirect;
  return a;
}

/** Chromium's preflight: OPTIONS announcing a method. A page's own OPTIONS request has no such header. */
function isPreflight(req: RecordedRequest): boolean {
  return req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined;
}

function hopRoute(c: Case, k: number, hop: HopSpec, origins: Origins) {
  const next = hop.redirectTo && { ...hop.redirectTo, k: k + 1 };
  if (next && next.at !== c.hops[k + 1]?.at) {
    throw new Error(
      `case ${c.id}: hop ${k} redirects to ${next.at}, but hop ${k + 1} is elsewhere`,
    );
  }
  const location = next ? hopUrl(origins, c, next.k, next.userinfo) : undefined;
  const actual = answer(hop, origins, location);
  const preflight = hop.preflight ? answer(hop.preflight, origins) : actual;
  return (req: RecordedRequest): Answer => (isPreflight(req) ? preflight : actual);
}

/** Registers every hop of every case on its server; also `/elsewhere` for redirected preflights. */
export function installRoutes(servers: Servers, cases: readonly Case[]): void {
  const origins = originsOf(servers);
  for (const c of cases) {
    c.hops.forEach((hop, k) => servers[hop.at].route(hopPath(c, k), hopRoute(c, k, hop, origins)));
  }
  servers.C.route('/elsewhere', { status: 204, headers: { 'Access-Control-Allow-Origin': '*' } });
}
