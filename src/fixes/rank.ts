/**
 * The order fixes are offered in: the stack the user prefers, then (in a local dev setup) the
 * matching dev-server proxy, then what the response headers point to, then a sensible default.
 */
import type { FixContext } from './context.ts';
import type { StackHint } from './detect.ts';
import { STACK_IDS, STACKS } from './stacks/index.ts';
import type { StackId } from './types.ts';

/**
 * The order servers are offered in when nothing points to one. It is not STACK_IDS' listing order
 * (nestjs before koa, fastapi before flask) and fixes come out in it, so it stays its own list.
 */
export const SERVER_ORDER: readonly StackId[] = [
  'express',
  'fastify',
  'nestjs',
  'koa',
  'nextjs',
  'django',
  'fastapi',
  'flask',
  'rails',
  'spring',
  'aspnet',
  'go',
  'nginx',
  'apache',
  'caddy',
];
export const PROXY_ORDER: readonly StackId[] = STACK_IDS.filter(
  (id) => STACKS[id].kind === 'proxy',
);

/** Default ports of dev servers, and the proxy each one offers. */
const DEV_SERVER_PORTS: Record<string, { stack: StackId; label: string }> = {
  '5173': { stack: 'vite-proxy', label: "Vite's default port" },
  '5174': { stack: 'vite-proxy', label: "Vite's second port" },
  '4200': { stack: 'angular-proxy', label: "Angular CLI's default port" },
  '3000': { stack: 'webpack-proxy', label: 'a common webpack/Create React App port' },
  '8080': { stack: 'webpack-proxy', label: "webpack-dev-server's and Vue CLI's default port" },
  '8081': { stack: 'webpack-proxy', label: 'a common webpack-dev-server port' },
};

export interface Ranked {
  stack: StackId;
  detectedBy?: string;
}

const ALL = new Set<string>(STACK_IDS);

export function isStackId(value: unknown): value is StackId {
  return typeof value === 'string' && ALL.has(value);
}

export function rankStacks(
  ctx: FixContext,
  hints: readonly StackHint[],
  prefer?: StackId,
): Ranked[] {
  const out: Ranked[] = [];
  const seen = new Set<StackId>();
  const add = (stack: StackId, detectedBy?: string) => {
    if (seen.has(stack)) return;
    // No server can allowlist an opaque origin safely: only proxies (serve the page properly) help.
    if (!ctx.originUsable && !PROXY_ORDER.includes(stack)) return;
    seen.add(stack);
    out.push(detectedBy === undefined ? { stack } : { stack, detectedBy });
  };
  const hintFor = (stack: StackId) => hints.find((h) => h.stack === stack);
  const describe = (h: StackHint) => `${h.evidence} (${h.confidence} hint)`;

  if (isStackId(prefer)) {
    const hint = hintFor(prefer);
    add(prefer, hint ? `Your preferred stack; also ${describe(hint)}` : 'Your preferred stack');
  }

  const dev = ctx.frontendLocal && ctx.apiLocal ? DEV_SERVER_PORTS[ctx.frontendPort] : undefined;
  const proxies = dev ? [dev.stack, ...PROXY_ORDER] : [...PROXY_ORDER];
  const proxyFirst = dev !== undefined || !ctx.originUsable;
  if (proxyFirst) {
    for (const p of proxies) {
      add(
        p,
        dev && p === dev.stack
          ? `The page runs on ${ctx.origin} (${dev.label}) and the API on this machine: a dev-server proxy removes CORS from development altogether`
          : undefined,
      );
    }
  }
  for (const h of hints) add(h.stack, describe(h));
  // A local frontend calling a remote API: the proxy works even when you cannot change that server.
  if (ctx.frontendLocal) for (const p of proxies) add(p);
  for (const s of SERVER_ORDER) add(s);
  for (const p of proxies) add(p);
  return out;
}
