/**
 * "Make it permanent": the server configuration that does what an override does (its site, API
 * origins, credentials, methods and headers, learned ones included, exposed headers), rendered by
 * the same stack templates the fixes use and the stack suite proves (test/stacks).
 */
import type { Override } from '../overrides/types.ts';
import { DEFAULT_ALLOWED_HEADERS, DEFAULT_ALLOWED_METHODS } from '../overrides/defaults.ts';
import {
  BASE_HEADERS,
  BASE_METHODS,
  isPlainOrigin,
  isPlainToken,
  unnormalisedMethods,
  type FixContext,
  type ModuleFormat,
} from './context.ts';
import { renderFix } from './render.ts';
import type { Fix, StackId } from './types.ts';
import { isLoopbackHost, parseTarget } from './url.ts';

/** The parts of an override that decide the server configuration. */
export type OverrideShape = Pick<
  Override,
  'site' | 'apiOrigins' | 'credentials' | 'methods' | 'requestHeaders' | 'exposeHeaders' | 'learned'
>;

/** Stands for "each API server" when the override allows every API origin. */
export const ANY_API_PLACEHOLDER = 'https://api.example.com';

export interface OverrideFixOptions {
  stack: StackId;
  moduleFormat?: ModuleFormat;
  /** Which of the override's API origins to configure (default: the first). */
  apiOrigin?: string;
}

/** The servers to configure: the override's API origins, or a placeholder when it allows any. */
export function overrideApiOrigins(o: OverrideShape): string[] {
  if (o.apiOrigins === 'any' || o.apiOrigins.length === 0) return [ANY_API_PLACEHOLDER];
  return o.apiOrigins.filter((a) => parseTarget(a) !== undefined);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The fix context an override implies: what it allows, as a server would have to. */
export function contextForOverride(
  o: OverrideShape,
  opts: Omit<OverrideFixOptions, 'stack'> = {},
): FixContext | undefined {
  const apiOrigin = opts.apiOrigin ?? overrideApiOrigins(o)[0];
  const target = apiOrigin === undefined ? undefined : parseTarget(apiOrigin);
  if (!target) return undefined;
  const skipped: string[] = [];
  const plain = (values: readonly string[]) =>
    values.filter((v) => isPlainToken(v) || (skipped.push(v), false));
  // The app's own methods, as it spells them; the override's upper-case defaults are allowed too,
  // but its lower-case `patch` default only matters when the app really sends it.
  const used = plain(unique([...o.methods, ...o.learned.methods]));
  const defaults = DEFAULT_ALLOWED_METHODS.filter((m) => m === m.toUpperCase() && m !== 'OPTIONS');
  const methods = unique([...BASE_METHODS, ...defaults, ...used]);
  const headers = unique(
    plain([
      ...BASE_HEADERS,
      ...DEFAULT_ALLOWED_HEADERS,
      ...o.requestHeaders,
      ...o.learned.requestHeaders,
    ]).map((h) => h.toLowerCase()),
  ).sort();
  const originUsable = isPlainOrigin(o.site);
  const frontend = originUsable ? parseTarget(o.site) : undefined;
  return {
    reason: undefined,
    origin: o.site,
    originUsable,
    legIndex: 0,
    targetUrl: `${target.origin}/`,
    target,
    apiPrefix: '',
    proxy: { prefix: '/api', strip: true, pagePath: '/api' },
    methods,
    usedMethods: used,
    unnormalisedMethods: unnormalisedMethods(used),
    headers,
    sentHeaders: unique([...o.requestHeaders, ...o.learned.requestHeaders]),
    exposeHeaders: unique(plain(o.exposeHeaders).map((h) => h.toLowerCase())).sort(),
    credentials: o.credentials,
    credentialsEvidence: o.credentials
      ? 'the override allows credentials (cookies, Authorization)'
      : 'the override does not allow credentials',
    maxAge: 600,
    tainted: false,
    frontendLocal: frontend !== undefined && isLoopbackHost(frontend.host),
    apiLocal: isLoopbackHost(target.host),
    frontendPort: frontend?.port ?? '',
    skipped,
    preflightStatus: undefined,
    moduleFormat: opts.moduleFormat ?? 'esm',
  };
}

/**
 * The server fix for what the override does, for one stack and one API origin; `undefined` when
 * the override names no usable API origin.
 */
export function fixForOverride(o: OverrideShape, opts: OverrideFixOptions): Fix | undefined {
  const ctx = contextForOverride(o, opts);
  if (!ctx) return undefined;
  const fix = renderFix(ctx, opts.stack);
  const lead: string[] = [
    `This configures ${ctx.target.origin} to allow ${ctx.origin} exactly as the override does, learned methods and headers included; once it is deployed, the override can be deleted.`,
  ];
  if (ctx.target.origin === ANY_API_PLACEHOLDER) {
    lead.push(
      `The override allows every API origin, so ${ANY_API_PLACEHOLDER} stands for each API server the site calls: apply the configuration on each of them.`,
    );
  }
  fix.notes = [...lead, ...fix.notes];
  return fix;
}
