/**
 * What a response's headers become after CORS Lens's rules. DevTools shows the server's original
 * headers (crbug 258064), so the panel asks this to tell "passes only because an override changed
 * the headers". Derived from the compiled rules through the DNR evaluator — never a second reading
 * of the override's intent — so it is also the compiler's test oracle.
 */
import type { Header } from '../cors/types.ts';
import { compileRules, type CompileOptions } from './compile.ts';
import { evaluateResponse } from './dnr-engine.ts';
import type { DnrResourceType } from './dnr-types.ts';
import type { Override } from './types.ts';

export interface SimulatedRequest {
  url: string;
  method: string;
  /** DNR resource type; `fetch`/`xhr` (and their preflights) are `xmlhttprequest`. */
  type: DnrResourceType | 'fetch' | 'xhr' | 'preflight';
  /** Origin of the frame that made the request; default: the tab's origin. */
  initiator?: string;
}

export interface SimulateOptions {
  supportsResponseHeaderConditions?: boolean;
  /** Open tabs, for `tab-close` ends; default: every tab the overrides name counts as open. */
  openTabIds?: readonly number[];
}

export interface SimulateResult {
  headers: Header[];
  changed: boolean;
  overrideId?: string;
  /** Header lines present after the rules but not before. */
  added: Header[];
  /** Header lines the rules removed or replaced. */
  replaced: Header[];
  /** Ids of the rules that changed something (or the allow that shielded the response). */
  ruleIds: number[];
}

function resourceType(type: SimulatedRequest['type']): DnrResourceType {
  return type === 'fetch' || type === 'xhr' || type === 'preflight' ? 'xmlhttprequest' : type;
}

function key(h: Header): string {
  return `${h.name.toLowerCase()}\n${h.value}`;
}

/** Lines of `a` not matched one-for-one by a line of `b` (multiset difference). */
function minus(a: readonly Header[], b: readonly Header[]): Header[] {
  const counts = new Map<string, number>();
  for (const h of b) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
  const out: Header[] = [];
  for (const h of a) {
    const n = counts.get(key(h)) ?? 0;
    if (n > 0) counts.set(key(h), n - 1);
    else out.push({ name: h.name, value: h.value });
  }
  return out;
}

/**
 * The panel simulates every response of a page; compiling dominates (validation parses URLs), and
 * the overrides rarely change between calls. Keyed by content, not identity, so a caller that
 * mutates its array can never get stale rules; `now` enters through which overrides are active.
 */
const compiledCache = new Map<string, ReturnType<typeof compileRules>>();
const CACHE_SIZE = 16;

function activeAt(o: unknown, now: number): boolean {
  const end = (o as { end?: { kind?: unknown; at?: unknown } } | null)?.end;
  return !(end?.kind === 'at' && typeof end.at === 'number' && end.at <= now);
}

/** The tab a response belongs to; `frames`: frame origins the background knows it holds. */
export interface SimulatedTab {
  tabId: number;
  origin: string;
  frames?: readonly string[];
}

function compileCached(
  overrides: readonly Override[],
  tab: SimulatedTab,
  now: number,
  options: CompileOptions,
): ReturnType<typeof compileRules> {
  const list: unknown[] = Array.isArray(overrides) ? overrides : [];
  let key: string;
  try {
    key = JSON.stringify([
      list,
      list.map((o) => activeAt(o, now)),
      tab.tabId,
      tab.origin,
      tab.frames ?? [],
      options,
    ]);
  } catch {
    return compileRules(overrides, [tab], now, options);
  }
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const result = compileRules(overrides, [tab], now, options);
  if (compiledCache.size >= CACHE_SIZE) {
    const oldest = compiledCache.keys().next().value;
    if (oldest !== undefined) compiledCache.delete(oldest);
  }
  compiledCache.set(key, result);
  return result;
}

function implicitOpenTabs(overrides: readonly Override[], tabId: number): number[] {
  const ids = new Set<number>([tabId]);
  for (const o of Array.isArray(overrides) ? overrides : []) {
    if (o?.end?.kind === 'tab-close' && typeof o.end.tabId === 'number') ids.add(o.end.tabId);
    if (o?.scope?.kind === 'tab' && typeof o.scope.tabId === 'number') ids.add(o.scope.tabId);
  }
  return [...ids];
}

export function simulate(
  overrides: readonly Override[],
  tab: SimulatedTab,
  request: SimulatedRequest,
  response: { status: number; headers: Header[] },
  now: number,
  options: SimulateOptions = {},
): SimulateResult {
  const opts: SimulateOptions = typeof options === 'object' && options !== null ? options : {};
  const original = (Array.isArray(response?.headers) ? response.headers : []).filter(
    (h) => typeof h?.name === 'string' && typeof h.value === 'string',
  );
  const unchanged: SimulateResult = {
    headers: original.map((h) => ({ name: h.name, value: h.value })),
    changed: false,
    added: [],
    replaced: [],
    ruleIds: [],
  };
  if (typeof tab?.tabId !== 'number' || typeof request?.url !== 'string') return unchanged;
  const frames = Array.isArray(tab.frames) ? { frames: tab.frames } : {};
  const compiled = compileCached(
    overrides,
    { tabId: tab.tabId, origin: tab.origin, ...frames },
    now,
    {
      supportsResponseHeaderConditions: opts.supportsResponseHeaderConditions !== false,
      openTabIds: opts.openTabIds ?? implicitOpenTabs(overrides, tab.tabId),
    },
  );
  const evaluation = evaluateResponse(
    compiled.rules,
    {
      url: request.url,
      method: typeof request.method === 'string' ? request.method : 'GET',
      type: resourceType(request.type),
      tabId: tab.tabId,
      initiator: request.initiator ?? tab.origin,
    },
    original,
  );
  const added = minus(evaluation.headers, original);
  const replaced = minus(original, evaluation.headers);
  const ruleIds = evaluation.applied.map((r) => r.id);
  if (evaluation.allowedBy && ruleIds.length === 0) ruleIds.push(evaluation.allowedBy.id);
  const owner = ruleIds[0];
  const overrideId =
    owner === undefined
      ? undefined
      : Object.entries(compiled.stats.byOverride).find(([, ids]) => ids.includes(owner))?.[0];
  return {
    headers: evaluation.headers,
    changed: added.length > 0 || replaced.length > 0,
    ...(overrideId !== undefined ? { overrideId } : {}),
    added,
    replaced,
    ruleIds,
  };
}
