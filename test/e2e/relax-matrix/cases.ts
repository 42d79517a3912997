// Issue 9's realistic matrix: the requests a frontend makes (15 kinds) × what an API nobody set up
// for this dev site answers (server behaviours). Each case has its own path (`/c/<index>/<hop>`),
// so nothing one case teaches the override (a redirect target, a learning window) reaches another,
// and the preflight cache never carries over. The same table answers in every browser.

export interface Kind {
  api: 'fetch' | 'xhr';
  method: string;
  headers?: Record<string, string>;
  body?: string;
  credentials: boolean;
}

/** The request kinds the issue names (fetch's default credentials mode omits them cross-origin). */
export const KINDS: Record<string, Kind> = {
  GET: { api: 'fetch', method: 'GET', credentials: false },
  'GET, credentials': { api: 'fetch', method: 'GET', credentials: true },
  HEAD: { api: 'fetch', method: 'HEAD', credentials: false },
  'POST form': {
    api: 'fetch',
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'a=1',
    credentials: false,
  },
  'POST text/plain': {
    api: 'fetch',
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'hi',
    credentials: false,
  },
  'POST JSON': {
    api: 'fetch',
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"a":1}',
    credentials: false,
  },
  'POST JSON, credentials': {
    api: 'fetch',
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"a":1}',
    credentials: true,
  },
  PUT: { api: 'fetch', method: 'PUT', body: 'v', credentials: false },
  'DELETE + Authorization': {
    api: 'fetch',
    method: 'DELETE',
    headers: { Authorization: 'Bearer t0k3n' },
    credentials: false,
  },
  'GET + X-Custom': {
    api: 'fetch',
    method: 'GET',
    headers: { 'X-Custom': '1' },
    credentials: false,
  },
  'GET + long headers': {
    api: 'fetch',
    method: 'GET',
    headers: {
      'X-Request-Id': '0f8fad5b-d9cb-469f-a165-70867728950e',
      'X-Client-Version': '4.2.0',
      'X-Long-Context': 'x'.repeat(4000),
    },
    credentials: false,
  },
  'patch (lower-case)': { api: 'fetch', method: 'patch', body: 'p', credentials: false },
  'GET + Range': {
    api: 'fetch',
    method: 'GET',
    headers: { Range: 'bytes=0-9' },
    credentials: false,
  },
  'XHR GET': { api: 'xhr', method: 'GET', credentials: false },
  'XHR GET, credentials': { api: 'xhr', method: 'GET', credentials: true },
};

/** What the server sees of one hop. */
export interface Seen {
  /** The request's Origin header ('' when absent). */
  origin: string;
  preflight: boolean;
  acrm?: string;
  acrh?: string;
  /** The page's origin (for servers hard-coded to it). */
  site: string;
}

export interface ServerAnswer {
  status?: number;
  headers: Array<[string, string]>;
}

/** Where each hop goes: 'same' another path on the API, 'cross' the second API host, etc. */
export type Next = 'same' | 'cross' | 'userinfo';

export interface Behaviour {
  /** The answer to hop 0 (and, without `next`, the only one). */
  answer(s: Seen): ServerAnswer;
  /** A redirect: hop 0 answers 307 with `answer`'s headers, hop 1 (`then`) answers at `next`. */
  next?: Next;
  then?(s: Seen): ServerAnswer;
}

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';
const lists = (s: Seen): Array<[string, string]> =>
  s.preflight
    ? [
        ['Access-Control-Allow-Methods', s.acrm ?? 'GET'],
        ...(s.acrh ? [['Access-Control-Allow-Headers', s.acrh] as [string, string]] : []),
      ]
    : [];
/** What Express's `cors()` sends by default: `*`, a fixed method list, the requested headers. */
const expressLists = (s: Seen): Array<[string, string]> =>
  s.preflight
    ? [
        ['Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE'],
        ...(s.acrh ? [['Access-Control-Allow-Headers', s.acrh] as [string, string]] : []),
      ]
    : [];
const echo = (s: Seen): Array<[string, string]> => [
  [ACAO, s.origin],
  [ACAC, 'true'],
  ['Vary', 'Origin'],
  ...lists(s),
];
const plain = (headers: Array<[string, string]>): ServerAnswer => ({ headers });
const none = (): ServerAnswer => plain([]);
const star = (s: Seen): ServerAnswer => plain([[ACAO, '*'], ...expressLists(s)]);
const echoed = (s: Seen): ServerAnswer => plain(echo(s));

export const BEHAVIOURS: Record<string, Behaviour> = {
  'no CORS headers': { answer: none },
  'ACAO *': { answer: star },
  'ACAO * + ACAC true': { answer: (s) => plain([[ACAO, '*'], [ACAC, 'true'], ...expressLists(s)]) },
  'echo (correct)': { answer: echoed },
  'echo, no ACAC': { answer: (s) => plain([[ACAO, s.origin], ['Vary', 'Origin'], ...lists(s)]) },
  'echo, ACAC false': { answer: (s) => plain([[ACAO, s.origin], [ACAC, 'false'], ...lists(s)]) },
  'wrong origin': {
    answer: (s) => plain([[ACAO, 'http://localhost:3000'], [ACAC, 'true'], ...lists(s)]),
  },
  'trailing slash': { answer: (s) => plain([[ACAO, `${s.origin}/`], [ACAC, 'true'], ...lists(s)]) },
  'list in one line': {
    answer: (s) =>
      plain([[ACAO, `${s.origin}, http://localhost:3000`], [ACAC, 'true'], ...lists(s)]),
  },
  'duplicate lines': {
    answer: (s) => plain([[ACAO, s.origin], [ACAO, s.origin], [ACAC, 'true'], ...lists(s)]),
  },
  'hard-coded null': { answer: (s) => plain([[ACAO, 'null'], [ACAC, 'true'], ...lists(s)]) },
  'upper-case origin, ACAC True': {
    answer: (s) => plain([[ACAO, s.origin.toUpperCase()], [ACAC, 'True'], ...lists(s)]),
  },
  'preflight 404 (actual echoed)': {
    answer: (s) => (s.preflight ? { status: 404, headers: [] } : echoed(s)),
  },
  'preflight 405, no headers': {
    answer: (s) => (s.preflight ? { status: 405, headers: [['Allow', 'GET, POST']] } : none()),
  },
  'preflight 500 with headers': {
    answer: (s) => (s.preflight ? { status: 500, headers: echo(s) } : echoed(s)),
  },
  'preflight 200 without lists': {
    answer: (s) =>
      plain([
        [ACAO, s.origin],
        [ACAC, 'true'],
      ]),
  },
  'malformed preflight lists': {
    answer: (s) =>
      plain([
        [ACAO, s.origin],
        [ACAC, 'true'],
        ...(s.preflight
          ? ([
              ['Access-Control-Allow-Methods', 'PUT;, DELETE'],
              ['Access-Control-Allow-Headers', 'x-custom;'],
            ] as Array<[string, string]>)
          : []),
      ]),
  },
  'preflight redirected (301)': {
    answer: (s) =>
      s.preflight ? { status: 301, headers: [...echo(s), ['Location', '/elsewhere']] } : echoed(s),
  },
  'same-origin redirect, echo': { answer: echoed, next: 'same', then: echoed },
  'same-origin redirect, no headers': { answer: none, next: 'same', then: none },
  'cross-origin redirect to *': { answer: echoed, next: 'cross', then: star },
  'cross-origin redirect to an echo': { answer: echoed, next: 'cross', then: echoed },
  'cross-origin redirect to an echo without Vary': {
    answer: echoed,
    next: 'cross',
    then: (s) => plain([[ACAO, s.origin], [ACAC, 'true'], ...lists(s)]),
  },
  'cross-origin redirect, no headers': { answer: none, next: 'cross', then: none },
  "cross-origin redirect to the page's origin": {
    answer: echoed,
    next: 'cross',
    then: (s) => plain([[ACAO, s.site], [ACAC, 'true'], ...lists(s)]),
  },
  'redirect to user:pw@': { answer: echoed, next: 'userinfo', then: echoed },
};

export interface Case {
  index: number;
  kind: string;
  behaviour: string;
}

export function allCases(): Case[] {
  const out: Case[] = [];
  for (const behaviour of Object.keys(BEHAVIOURS))
    for (const kind of Object.keys(KINDS)) out.push({ index: out.length, kind, behaviour });
  return out;
}

/** The hosts the cases use: the API (hop 0, same-origin hops) and a second API host. */
export interface Hosts {
  api: string;
  api2: string;
  /** A path prefix per run, so no run meets another's preflight cache entries. */
  run: string;
}

export function caseUrl(c: Case, hosts: Hosts): string {
  return `${hosts.api}/${hosts.run}/${c.index}/0`;
}

/** `/<run>/<index>/<hop>` → run, index and hop. */
export function parseCasePath(
  target: string,
): { run: string; index: number; hop: number } | undefined {
  const m = /^\/([\w-]+)\/(\d+)\/(\d+)(?:\?|$)/.exec(target);
  return m ? { run: m[1]!, index: Number(m[2]), hop: Number(m[3]) } : undefined;
}

/** The server's answer to one hop of a case. */
export function answerHop(c: Case, hop: number, seen: Seen, hosts: Hosts): ServerAnswer {
  const b = BEHAVIOURS[c.behaviour]!;
  if (hop === 0 && b.next && !seen.preflight) {
    const base = b.answer(seen);
    const target =
      b.next === 'same'
        ? hosts.api
        : b.next === 'cross'
          ? hosts.api2
          : hosts.api2.replace('://', '://user:pw@');
    return {
      status: 307,
      headers: [...base.headers, ['Location', `${target}/${hosts.run}/${c.index}/1`]],
    };
  }
  return hop === 0 ? b.answer(seen) : (b.then ?? b.answer)(seen);
}
