/**
 * A small world for the override matrix: servers with a given CORS (mis)configuration, requests the
 * page makes, redirect shapes, and a "browser" that records the exchange Chromium would see, with
 * or without CORS Lens's rules rewriting each response (through `simulate`). The engine's
 * `diagnose` then gives the verdict for both, so the override is judged by the same Chromium model
 * the panel uses. The same server answers (`answer`) also drive real servers in the e2e check.
 */
import { diagnose } from '../../../src/cors/index.ts';
import { corsUnsafeRequestHeaderNames, needsPreflight } from '../../../src/cors/index.ts';
import type { Diagnosis, Exchange, Header, HttpResponse, Leg } from '../../../src/cors/types.ts';
import {
  learnFromFailure,
  learnFromPreflight,
  learnFromRedirect,
} from '../../../src/overrides/learn.ts';
import { simulate } from '../../../src/overrides/simulate.ts';
import type { Override } from '../../../src/overrides/types.ts';

/** Where things live: the dev site, an API, two more API hosts (for redirects). */
export interface World {
  page: string;
  api: string;
  api2: string;
  api3: string;
  tabId: number;
  /**
   * Another frame inside the relaxed tab (same host on another port, a subdomain): when set, the
   * requests are that frame's (its Origin, its initiator), the tab still shows `page`.
   */
  frame?: string;
  /**
   * Frame origins the background knows the tab holds (TabInfo.frames): the compiled rules shield
   * them. Unset: none known yet (a frame's first requests, before the rules are updated).
   */
  frames?: string[];
}
export const DEFAULT_WORLD: World = {
  page: 'http://localhost:5173',
  api: 'http://localhost:3000',
  api2: 'http://127.0.0.1:4000',
  api3: 'http://api.localhost:4001',
  tabId: 7,
};

/** What the server sees of a request. */
export interface Seen {
  origin: string;
  preflight: boolean;
  acrm?: string;
  acrh?: string;
}
type Profile = (seen: Seen) => { status?: number; headers: Header[] };

const h = (name: string, value: string): Header => ({ name, value });
/** Stands for the page's own origin in a server answer; `answer` fills in the world's. */
const DEFAULT_SITE_PLACEHOLDER = '{site}';
const echoLists = (s: Seen): Header[] =>
  s.preflight
    ? [
        ...(s.acrm ? [h('Access-Control-Allow-Methods', s.acrm)] : []),
        ...(s.acrh ? [h('Access-Control-Allow-Headers', s.acrh)] : []),
      ]
    : [];
const correct = (s: Seen): Header[] => [
  h('Access-Control-Allow-Origin', s.origin),
  h('Access-Control-Allow-Credentials', 'true'),
  h('Vary', 'Origin'),
  ...echoLists(s),
];

/** Server configurations: the failures developers meet, and the configurations that work. */
export const PROFILES: Record<string, Profile> = {
  'no CORS headers': () => ({ headers: [] }),
  'ACAO *': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', '*'),
      ...(s.preflight
        ? [h('Access-Control-Allow-Methods', '*'), h('Access-Control-Allow-Headers', '*')]
        : []),
    ],
  }),
  'ACAO * + ACAC true': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', '*'),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'correct (echo origin, ACAC true, echo lists)': (s) => ({ headers: correct(s) }),
  'echo origin, no ACAC': (s) => ({
    headers: [h('Access-Control-Allow-Origin', s.origin), ...echoLists(s)],
  }),
  'echo origin, ACAC True': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'True'),
      ...echoLists(s),
    ],
  }),
  'echo origin, preflight lists GET, POST only': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'true'),
      ...(s.preflight ? [h('Access-Control-Allow-Methods', 'GET, POST')] : []),
    ],
  }),
  'echo origin, lists *': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'true'),
      ...(s.preflight
        ? [h('Access-Control-Allow-Methods', '*'), h('Access-Control-Allow-Headers', '*')]
        : []),
    ],
  }),
  'wrong origin': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', 'http://localhost:9999'),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'wrong origin + Vary: Origin (allow-list)': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', 'http://localhost:9999'),
      h('Access-Control-Allow-Credentials', 'true'),
      h('Vary', 'Origin'),
      ...echoLists(s),
    ],
  }),
  'origin with trailing slash': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', `${s.origin}/`),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'bare host as origin': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', 'localhost:5173'),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'duplicate ACAO (echo twice)': (s) => ({
    headers: [h('Access-Control-Allow-Origin', s.origin), ...correct(s)],
  }),
  'duplicate ACAO (* and echo)': (s) => ({
    headers: [h('Access-Control-Allow-Origin', '*'), ...correct(s)],
  }),
  'hard-coded null': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', 'null'),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'hard-coded null, no ACAC': () => ({ headers: [h('Access-Control-Allow-Origin', 'null')] }),
  'echo origin + Vary, no ACAC': (s) => ({
    headers: [h('Access-Control-Allow-Origin', s.origin), h('Vary', 'Origin'), ...echoLists(s)],
  }),
  'hard-coded site origin': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', DEFAULT_SITE_PLACEHOLDER),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'upper-case scheme and host': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin.toUpperCase()),
      h('Access-Control-Allow-Credentials', 'true'),
      ...echoLists(s),
    ],
  }),
  'two ACAO lines (echo, other)': (s) => ({
    headers: [h('Access-Control-Allow-Origin', 'http://localhost:9999'), ...correct(s)],
  }),
  'malformed lists (PUT;, DELETE / x-custom;)': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'true'),
      ...(s.preflight
        ? [
            h('Access-Control-Allow-Methods', 'PUT;, DELETE'),
            h('Access-Control-Allow-Headers', 'x-custom;'),
          ]
        : []),
    ],
  }),
  'malformed methods only (GET POST)': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'true'),
      ...(s.preflight
        ? [h('Access-Control-Allow-Methods', 'GET POST PUT DELETE'), ...echoLists(s).slice(1)]
        : []),
    ],
  }),
  'lower-case Allow-Methods': (s) => ({
    headers: [
      h('Access-Control-Allow-Origin', s.origin),
      h('Access-Control-Allow-Credentials', 'true'),
      ...(s.preflight
        ? [
            h('Access-Control-Allow-Methods', 'get, post, put, delete, propfind'),
            ...(s.acrh ? [h('Access-Control-Allow-Headers', s.acrh)] : []),
          ]
        : []),
    ],
  }),
  'preflight 404 with CORS headers': (s) => ({
    status: s.preflight ? 404 : 200,
    headers: correct(s),
  }),
  'preflight 404, no headers': (s) => ({ status: s.preflight ? 404 : 200, headers: [] }),
  'preflight redirected': (s) => ({
    status: s.preflight ? 301 : 200,
    headers: s.preflight ? [...correct(s), h('Location', '/elsewhere')] : correct(s),
  }),
};

interface RequestSpec {
  method: string;
  headers: Header[];
}
export const REQUESTS: Record<string, RequestSpec> = {
  GET: { method: 'GET', headers: [] },
  'POST JSON': { method: 'POST', headers: [h('Content-Type', 'application/json')] },
  'PUT + Authorization + X-Custom': {
    method: 'PUT',
    headers: [h('Authorization', 'Bearer t'), h('X-Custom', '1')],
  },
  DELETE: { method: 'DELETE', headers: [] },
  'patch (lower-case)': { method: 'patch', headers: [] },
  'PROPFIND (custom)': { method: 'PROPFIND', headers: [] },
  'GET + X-Trace-Id': { method: 'GET', headers: [h('X-Trace-Id', 'abc')] },
  'POST text/plain (simple)': { method: 'POST', headers: [h('Content-Type', 'text/plain')] },
};

/** The URLs the page requests and the redirects on the way (each hop's path is its index). */
export const SHAPES: Record<string, (w: World) => string[]> = {
  direct: (w) => [`${w.api}/0`],
  'same-origin redirect': (w) => [`${w.api}/0`, `${w.api}/1`],
  'cross-origin redirect': (w) => [`${w.api}/0`, `${w.api2}/1`],
  'two cross-origin hops': (w) => [`${w.api}/0`, `${w.api2}/1`, `${w.api3}/2`],
  'redirect to the page origin': (w) => [`${w.api}/0`, `${w.page}/1`],
  'redirect to a URL with credentials': (w) => [
    `${w.api}/0`,
    w.api2.replace('://', '://user:pw@') + '/1',
  ],
};

export type Credentials = 'omit' | 'include';

export interface Case {
  profile: string;
  request: string;
  shape: string;
  credentials: Credentials;
}

export function allCases(): Case[] {
  const out: Case[] = [];
  for (const profile of Object.keys(PROFILES))
    for (const request of Object.keys(REQUESTS))
      for (const shape of Object.keys(SHAPES))
        for (const credentials of ['omit', 'include'] as const)
          out.push({ profile, request, shape, credentials });
  return out;
}

/** The case travels in the query string, so a real server can answer as the model does. */
export function caseQuery(c: Case): string {
  return `?${new URLSearchParams({ p: c.profile, r: c.request, s: c.shape }).toString()}`;
}

export function caseFromQuery(query: URLSearchParams): Case | undefined {
  const profile = query.get('p') ?? '';
  const request = query.get('r') ?? '';
  const shape = query.get('s') ?? '';
  if (!PROFILES[profile] || !REQUESTS[request] || !SHAPES[shape]) return undefined;
  return { profile, request, shape, credentials: 'omit' };
}

/** The server's answer to hop `hop` of a case: one function for the model and real servers. */
export function answer(c: Case, hop: number, seen: Seen, world: World): HttpResponse {
  const raw = PROFILES[c.profile]!(seen);
  const out = {
    ...raw,
    headers: raw.headers.map((x) =>
      x.value === DEFAULT_SITE_PLACEHOLDER ? h(x.name, world.page) : x,
    ),
  };
  const next = SHAPES[c.shape]!(world)[hop + 1];
  if (!seen.preflight && next !== undefined) {
    return { status: 307, headers: [...out.headers, h('Location', next + caseQuery(c))] };
  }
  return { status: out.status ?? (seen.preflight ? 204 : 200), headers: out.headers };
}

function originOfUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

/** What a relaxed tab does to one response. */
interface Relax {
  overrides: Override[];
  supportsResponseHeaderConditions: boolean;
}

/**
 * The best any header rewrite could do: knows the request (its origin, even `null`; the method and
 * headers a preflight asks for) and answers exactly that. What this cannot make pass, no header can.
 */
const ORACLE = 'oracle';

function oracleHeaders(response: HttpResponse, seen: Seen): HttpResponse {
  const headers = response.headers.filter((x) => !/^access-control-/i.test(x.name));
  headers.push(
    h('Access-Control-Allow-Origin', seen.origin),
    h('Access-Control-Allow-Credentials', 'true'),
  );
  if (seen.preflight && seen.acrm) headers.push(h('Access-Control-Allow-Methods', seen.acrm));
  if (seen.preflight && seen.acrh) headers.push(h('Access-Control-Allow-Headers', seen.acrh));
  return { ...response, headers };
}

/**
 * Records the exchange Chromium would see. Every response passes through the override's rules when
 * `relax` is given. What the background would learn (preflights, redirects) is collected too.
 */
export function record(
  c: Case,
  relax?: Relax | typeof ORACLE,
  world: World = DEFAULT_WORLD,
): { exchange: Exchange; preflights: Header[][]; redirects: Array<[string, string]> } {
  const spec = REQUESTS[c.request]!;
  const urls = SHAPES[c.shape]!(world).map((u) => u + caseQuery(c));
  const legs: Leg[] = [];
  const preflights: Header[][] = [];
  const redirects: Array<[string, string]> = [];
  let tainted = false;
  const from = world.frame ?? world.page;
  const rewrite = (
    url: string,
    method: string,
    seen: Seen,
    response: HttpResponse,
  ): HttpResponse => {
    if (!relax) return response;
    if (relax === ORACLE) return oracleHeaders(response, seen);
    const out = simulate(
      relax.overrides,
      { tabId: world.tabId, origin: world.page, ...(world.frames ? { frames: world.frames } : {}) },
      {
        url,
        method,
        type: seen.preflight ? 'preflight' : 'fetch',
        ...(world.frame ? { initiator: world.frame } : {}),
      },
      response,
      0,
      { supportsResponseHeaderConditions: relax.supportsResponseHeaderConditions },
    );
    return { ...response, headers: out.headers };
  };
  urls.forEach((url, i) => {
    const prev = urls[i - 1];
    // Chromium's taint: the redirect leaves the current origin, which is not the requester's.
    if (
      prev !== undefined &&
      originOfUrl(url) !== originOfUrl(prev) &&
      originOfUrl(prev) !== from
    ) {
      tainted = true;
    }
    const origin = tainted ? 'null' : from;
    const request = { url, method: spec.method, headers: [h('Origin', origin), ...spec.headers] };
    const leg: Leg = { request };
    if (needsPreflight(request).needed) {
      const unsafe = corsUnsafeRequestHeaderNames(spec.headers).sort();
      const preHeaders = [
        h('Origin', origin),
        h('Access-Control-Request-Method', spec.method),
        ...(unsafe.length > 0 ? [h('Access-Control-Request-Headers', unsafe.join(','))] : []),
      ];
      preflights.push(preHeaders);
      const seen: Seen = {
        origin,
        preflight: true,
        acrm: spec.method,
        ...(unsafe.length > 0 ? { acrh: unsafe.join(',') } : {}),
      };
      leg.preflight = {
        request: { url, method: 'OPTIONS', headers: preHeaders },
        response: rewrite(url, 'OPTIONS', seen, answer(c, i, seen, world)),
      };
    }
    const seen: Seen = { origin, preflight: false };
    const next = urls[i + 1];
    if (next !== undefined) redirects.push([url, next]);
    leg.response = rewrite(url, spec.method, seen, answer(c, i, seen, world));
    legs.push(leg);
  });
  return {
    exchange: { initiatorOrigin: from, credentials: c.credentials, initiator: 'fetch', legs },
    preflights,
    redirects,
  };
}

/**
 * ok: passed and still passes; fixed; broken: passed, now blocked; unfixed: headers could make it
 * pass (the oracle does) but the override does not; unfixable: not even the oracle makes it pass.
 */
export type Outcome = 'ok' | 'fixed' | 'broken' | 'unfixed' | 'unfixable';

export interface Result {
  case: Case;
  before: { verdict: string; reason?: string };
  after: { verdict: string; reason?: string };
  outcome: Outcome;
}

export interface RunOptions {
  override: Override;
  supportsResponseHeaderConditions?: boolean;
  learnPreflights?: boolean;
  learnRedirects?: boolean;
  /** What a failed first attempt teaches (webRequest.onErrorOccurred: the URL it failed at). */
  learnFailures?: boolean;
}

/** The override after learning everything one attempt at the case shows the background. */
export function learned(c: Case, opts: RunOptions, world: World = DEFAULT_WORLD): Override {
  let override = opts.override;
  // The background learns from the site's own requests only (learning.ts): never from a frame's.
  if (world.frame !== undefined) return override;
  const support = opts.supportsResponseHeaderConditions ?? true;
  const first = record(
    c,
    { overrides: [override], supportsResponseHeaderConditions: support },
    world,
  );
  if (opts.learnPreflights) {
    for (const pre of first.preflights) override = learnFromPreflight(override, pre).override;
  }
  if (opts.learnRedirects) {
    for (const [from, to] of first.redirects)
      override = learnFromRedirect(override, from, to).override;
  }
  if (opts.learnFailures) {
    const url = failedHopUrl(first.exchange);
    if (url !== undefined) override = learnFromFailure(override, url).override;
  }
  return override;
}

/**
 * The URL of the hop a blocked exchange failed at, as `webRequest.onErrorOccurred` names it
 * (Chromium follows no failed redirect); undefined when the exchange is allowed.
 */
export function failedHopUrl(exchange: Exchange): string | undefined {
  const verdict = diagnose(exchange);
  if (verdict.verdict === 'allowed') return undefined;
  const failed = verdict.checks.find((check) => !check.passed)?.legIndex;
  return failed === undefined ? undefined : exchange.legs[failed]?.request.url;
}

/** One case: verdict without CORS Lens, then with it (after learning, when asked). */
/**
 * Verdicts that do not depend on the override (the server alone, and the oracle), once per case and
 * world: every configuration of the matrix asks for them again. Pure functions of their inputs, so
 * the cache changes no result, only how often the same exchange is diagnosed.
 */
const unrelaxedCache = new WeakMap<World, Map<Case, { base?: Diagnosis; oracle?: Diagnosis }>>();
function unrelaxed(c: Case, world: World, which: 'base' | 'oracle'): Diagnosis {
  let perWorld = unrelaxedCache.get(world);
  if (!perWorld) unrelaxedCache.set(world, (perWorld = new Map()));
  let entry = perWorld.get(c);
  if (!entry) perWorld.set(c, (entry = {}));
  return (entry[which] ??= diagnose(
    record(c, which === 'oracle' ? ORACLE : undefined, world).exchange,
  ));
}

export function runCase(c: Case, opts: RunOptions, world: World = DEFAULT_WORLD): Result {
  const base = unrelaxed(c, world, 'base');
  const support = opts.supportsResponseHeaderConditions ?? true;
  const override = learned(c, opts, world);
  const after = diagnose(
    record(c, { overrides: [override], supportsResponseHeaderConditions: support }, world).exchange,
  );
  return judge(c, base, after, world);
}

/** Classifies a before/after pair of verdicts (the oracle decides what headers could fix). */
export function judge(
  c: Case,
  before: { verdict: string; reason?: string },
  after: { verdict: string; reason?: string },
  world: World = DEFAULT_WORLD,
): Result {
  const wasOk = before.verdict === 'allowed';
  const isOk = after.verdict === 'allowed';
  let outcome: Outcome;
  if (wasOk) outcome = isOk ? 'ok' : 'broken';
  else if (isOk) outcome = 'fixed';
  else {
    const oracle = unrelaxed(c, world, 'oracle');
    outcome = oracle.verdict === 'allowed' ? 'unfixed' : 'unfixable';
  }
  return {
    case: c,
    before: { verdict: before.verdict, ...(before.reason ? { reason: before.reason } : {}) },
    after: { verdict: after.verdict, ...(after.reason ? { reason: after.reason } : {}) },
    outcome,
  };
}

export function tally(results: readonly Result[]): Record<Outcome, number> & { blocked: number } {
  const t = { ok: 0, fixed: 0, broken: 0, unfixed: 0, unfixable: 0, blocked: 0 };
  for (const r of results) {
    t[r.outcome]++;
    if (r.before.verdict !== 'allowed') t.blocked++;
  }
  return t;
}
