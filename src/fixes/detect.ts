/**
 * Which server stack answered, guessed from response headers. Most stacks announce nothing, several
 * hints are shared (NestJS runs on Express, gunicorn serves Django and Flask), and a proxy in front
 * (nginx, Caddy) hides or adds headers: every guess says how sure it is and why.
 */
import type { Header } from '../cors/types.ts';
import type { StackId } from './types.ts';

export type Confidence = 'strong' | 'medium' | 'weak';

export interface StackHint {
  stack: StackId;
  /** The header(s) that gave it away, e.g. `X-Powered-By: Express`. */
  evidence: string;
  confidence: Confidence;
}

type Lookup = (name: string) => string | undefined;

interface Rule {
  stacks: StackId[];
  confidence: Confidence;
  /** Returns the evidence when the rule matches. */
  match: (get: Lookup) => string | undefined;
}

/** Every header name a rule reads, gathered as the rules are built (see `detectStackHints`). */
const READ = new Set<string>();

function header(name: string, pattern: RegExp, label: string): Rule['match'] {
  READ.add(name);
  return (get) => {
    const v = get(name);
    return v !== undefined && pattern.test(v) ? `${label}: ${v}` : undefined;
  };
}

function present(name: string, label: string): Rule['match'] {
  READ.add(name);
  return (get) => (get(name) !== undefined ? `${label} header present` : undefined);
}

function anyPresent(names: readonly string[], label: string): Rule['match'] {
  for (const name of names) READ.add(name);
  return (get) => (names.some((n) => get(n) !== undefined) ? label : undefined);
}

function allOf(label: string, ...parts: [string, RegExp][]): Rule['match'] {
  for (const [name] of parts) READ.add(name);
  return (get) =>
    parts.every(([name, pattern]) => {
      const v = get(name);
      return v !== undefined && pattern.test(v);
    })
      ? label
      : undefined;
}

const RULES: Rule[] = [
  {
    stacks: ['express'],
    confidence: 'strong',
    match: header('x-powered-by', /\bexpress\b/i, 'X-Powered-By'),
  },
  {
    stacks: ['nestjs'],
    confidence: 'weak',
    match: header('x-powered-by', /\bexpress\b/i, 'X-Powered-By (NestJS on Express sends it too)'),
  },
  {
    stacks: ['nextjs'],
    confidence: 'strong',
    match: header('x-powered-by', /next\.js/i, 'X-Powered-By'),
  },
  {
    stacks: ['nextjs'],
    confidence: 'medium',
    match: anyPresent(
      ['x-nextjs-cache', 'x-nextjs-prerender', 'x-nextjs-matched-path', 'x-nextjs-stale-time'],
      'X-Nextjs-* response headers',
    ),
  },
  { stacks: ['nextjs'], confidence: 'weak', match: header('server', /^vercel$/i, 'Server') },
  {
    stacks: ['nginx'],
    confidence: 'strong',
    match: header('server', /^(nginx|openresty)\b/i, 'Server'),
  },
  { stacks: ['caddy'], confidence: 'strong', match: header('server', /^caddy\b/i, 'Server') },
  { stacks: ['caddy'], confidence: 'medium', match: header('via', /\bcaddy\b/i, 'Via') },
  { stacks: ['apache'], confidence: 'strong', match: header('server', /^apache\b/i, 'Server') },
  { stacks: ['aspnet'], confidence: 'strong', match: header('server', /^kestrel\b/i, 'Server') },
  {
    stacks: ['aspnet'],
    confidence: 'medium',
    match: header('x-powered-by', /asp\.net/i, 'X-Powered-By'),
  },
  {
    stacks: ['aspnet'],
    confidence: 'weak',
    match: header('server', /^microsoft-iis\b/i, 'Server'),
  },
  { stacks: ['flask'], confidence: 'strong', match: header('server', /^werkzeug\b/i, 'Server') },
  // Django's runserver is built on wsgiref, whose server calls itself WSGIServer.
  { stacks: ['django'], confidence: 'medium', match: header('server', /^wsgiserver\b/i, 'Server') },
  { stacks: ['django'], confidence: 'medium', match: header('server', /^daphne\b/i, 'Server') },
  {
    stacks: ['fastapi'],
    confidence: 'medium',
    match: header('server', /^(uvicorn|hypercorn)\b/i, 'Server'),
  },
  {
    stacks: ['django', 'flask'],
    confidence: 'weak',
    match: header('server', /^gunicorn\b/i, 'Server'),
  },
  {
    stacks: ['rails'],
    confidence: 'medium',
    match: present('x-runtime', 'X-Runtime (Rack::Runtime)'),
  },
  {
    stacks: ['rails'],
    confidence: 'medium',
    match: allOf(
      "X-Permitted-Cross-Domain-Policies and X-Download-Options: Rails' default headers",
      ['x-permitted-cross-domain-policies', /^none$/i],
      ['x-download-options', /^noopen$/i],
    ),
  },
  {
    stacks: ['rails'],
    confidence: 'medium',
    match: header('server', /^(puma|webrick|thin|passenger)\b/i, 'Server'),
  },
  {
    stacks: ['django'],
    confidence: 'weak',
    match: allOf(
      "X-Frame-Options: DENY with Vary: Cookie, Django's defaults",
      ['x-frame-options', /^deny$/i],
      ['vary', /\bcookie\b/i],
    ),
  },
  {
    stacks: ['django'],
    confidence: 'weak',
    match: allOf(
      "Referrer-Policy and Cross-Origin-Opener-Policy both same-origin, Django's SecurityMiddleware defaults",
      ['referrer-policy', /^same-origin$/i],
      ['cross-origin-opener-policy', /^same-origin$/i],
    ),
  },
  {
    stacks: ['django'],
    confidence: 'weak',
    match: header('set-cookie', /\b(csrftoken|sessionid)=/, 'Set-Cookie'),
  },
  {
    stacks: ['express'],
    confidence: 'medium',
    match: header('set-cookie', /\bconnect\.sid=/, 'Set-Cookie'),
  },
  {
    stacks: ['rails'],
    confidence: 'weak',
    match: header('set-cookie', /\b_[a-z0-9_]+_session=/i, 'Set-Cookie'),
  },
  {
    stacks: ['spring'],
    confidence: 'weak',
    match: header('set-cookie', /\bJSESSIONID=/, 'Set-Cookie'),
  },
  {
    stacks: ['spring'],
    confidence: 'weak',
    match: allOf(
      "Cache-Control: no-cache, no-store, max-age=0, must-revalidate with Expires: 0, Spring Security's defaults",
      ['cache-control', /^no-cache, no-store, max-age=0, must-revalidate$/i],
      ['expires', /^0$/],
    ),
  },
  {
    // Spring adds all three to every CORS response; rs/cors to preflight responses.
    stacks: ['spring', 'go'],
    confidence: 'weak',
    match: allOf(
      'Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers (Spring, rs/cors)',
      ['vary', /\borigin\b/i],
      ['vary', /\baccess-control-request-method\b/i],
      ['vary', /\baccess-control-request-headers\b/i],
    ),
  },
  {
    // http.Error and http.NotFound write exactly these.
    stacks: ['go'],
    confidence: 'weak',
    match: allOf(
      "Content-Type: text/plain; charset=utf-8 with X-Content-Type-Options: nosniff, Go's http.Error",
      ['content-type', /^text\/plain; charset=utf-8$/],
      ['x-content-type-options', /^nosniff$/],
    ),
  },
];

const RANK: Record<Confidence, number> = { strong: 0, medium: 1, weak: 2 };

/**
 * The headers the rules read (`READ`), lower-cased names with their values joined as `get` gives
 * them, and a key that is the same exactly when those are.
 */
function relevant(headers: readonly Header[]): { map: Map<string, string>; key: string } {
  const map = new Map<string, string>();
  let key = '';
  for (const h of Array.isArray(headers) ? headers : []) {
    if (typeof h?.name !== 'string') continue;
    const name = h.name.toLowerCase();
    if (!READ.has(name)) continue;
    const value = typeof h.value === 'string' ? h.value.trim() : '';
    const prev = map.get(name);
    map.set(name, prev === undefined ? value : `${prev}, ${value}`);
    // Names come from READ; a value's length first keeps any value from reading as two.
    key += `${name} ${value.length} ${value}`;
  }
  return { map, key };
}

/**
 * Answers by the key of the headers read: a recording's servers answer with the same few
 * headers thousands of times, while the other headers (dates, ids, lengths) differ every time.
 * Bounded: cleared once it holds this many; a long key (a hostile header) is not kept.
 */
const known = new Map<string, readonly StackHint[]>();
const MAX_KNOWN = 1024;
const MAX_KEY = 4096;

/**
 * Stacks the response headers point to, most certain first, one entry per stack (its strongest
 * evidence, others appended). Pure; unknown or hostile headers are ignored.
 */
export function detectStackHints(headers: readonly Header[]): StackHint[] {
  const { map, key } = relevant(headers);
  let hints = known.get(key);
  if (hints === undefined) {
    hints = hintsFrom((name) => map.get(name));
    if (known.size >= MAX_KNOWN) known.clear();
    if (key.length <= MAX_KEY) known.set(key, hints);
  }
  // Copies: a caller may change what it gets without changing the next answer.
  return hints.map((h) => ({ ...h }));
}

function hintsFrom(get: Lookup): StackHint[] {
  const byStack = new Map<StackId, StackHint>();
  for (const rule of RULES) {
    const evidence = rule.match(get);
    if (evidence === undefined) continue;
    for (const stack of rule.stacks) {
      const prev = byStack.get(stack);
      if (!prev) byStack.set(stack, { stack, evidence, confidence: rule.confidence });
      else if (RANK[rule.confidence] < RANK[prev.confidence]) {
        byStack.set(stack, {
          stack,
          evidence: `${evidence}; ${prev.evidence}`,
          confidence: rule.confidence,
        });
      } else prev.evidence = `${prev.evidence}; ${evidence}`;
    }
  }
  // Stable sort: equal confidence keeps rule order (frameworks before the servers in front of them
  // only where the rules list them so).
  return [...byStack.values()].sort((a, b) => RANK[a.confidence] - RANK[b.confidence]);
}

/** The contract's shape: stack and a readable evidence string that states the confidence. */
export function detectStack(headers: Header[]): { stack: StackId; evidence: string }[] {
  return detectStackHints(headers).map((h) => ({
    stack: h.stack,
    evidence: `${h.evidence} (${h.confidence} hint)`,
  }));
}
