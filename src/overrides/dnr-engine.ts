/**
 * A small declarativeNetRequest evaluator: which of a set of rules match a request and its response
 * headers, and what the response headers become. It follows Chromium's documented and observed
 * behaviour (checked in Chromium 156, see docs/overrides.md):
 * - response-header conditions compare each value of the header after splitting on commas
 *   (so two lines `a` and `b` and one line `a, b` look alike), case-insensitively, with `*` (any
 *   run) and `?` (zero or one character); `\*`, `\?` are literal;
 * - `excludedResponseHeaders` wins over `responseHeaders`;
 * - modifyHeaders rules apply only above the highest-priority matching `allow`, in descending
 *   priority; for one header, after a `set` or `append` lower rules may only `append`, after a
 *   `remove` nothing.
 * It is the simulator behind `simulate` and the oracle the compiler's tests run against.
 */
import type { Header } from '../cors/types.ts';
import type { DnrHeaderInfo, DnrResourceType, DnrRule, DnrRuleCondition } from './dnr-types.ts';
import { matchesUrlFilter } from './url-filter.ts';
import { tryParseUrl } from '../cors/url.ts';

export interface DnrRequest {
  url: string;
  /** Any case; compared lower-case like DNR's requestMethods. */
  method: string;
  type: DnrResourceType;
  tabId: number;
  /** Origin of the document or worker that made the request; `null` when opaque. */
  initiator: string;
}

/** Header values as Chromium enumerates them for conditions: every line, split on commas. */
function headerValues(headers: readonly Header[], name: string): string[] | undefined {
  let found = false;
  const values: string[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== name) continue;
    found = true;
    for (const part of h.value.split(',')) values.push(part.trim());
  }
  return found ? values : undefined;
}

const patternCache = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  const hit = patternCache.get(pattern);
  if (hit) return hit;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) {
      source += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]?';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'i');
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(pattern, re);
  return re;
}

export function matchesHeaderPattern(value: string, pattern: string): boolean {
  return patternToRegExp(pattern).test(value);
}

export function matchesHeaderInfo(info: DnrHeaderInfo, headers: readonly Header[]): boolean {
  const values = headerValues(headers, info.header.toLowerCase());
  if (values === undefined) return false;
  if (info.values && !values.some((v) => info.values!.some((p) => matchesHeaderPattern(v, p)))) {
    return false;
  }
  if (
    info.excludedValues &&
    values.some((v) => info.excludedValues!.some((p) => matchesHeaderPattern(v, p)))
  ) {
    return false;
  }
  return true;
}

function domainMatches(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase();
  return domains.some((d) => {
    const dd = d.toLowerCase();
    return h === dd || h.endsWith(`.${dd}`);
  });
}

function hostOf(url: string): string | undefined {
  const u = tryParseUrl(url);
  return u && u.hostname !== '' ? u.hostname : undefined;
}

/** True when the rule's condition holds for the request and (if given) its response headers. */
export function matchesCondition(
  condition: DnrRuleCondition,
  request: DnrRequest,
  responseHeaders?: readonly Header[],
): boolean {
  const c = condition;
  if (c.tabIds && !c.tabIds.includes(request.tabId)) return false;
  if (c.excludedTabIds && c.excludedTabIds.includes(request.tabId)) return false;
  const method = request.method.toLowerCase();
  if (c.requestMethods && !c.requestMethods.some((m) => m === method)) return false;
  if (c.excludedRequestMethods && c.excludedRequestMethods.some((m) => m === method)) return false;
  // DNR's default: every type but main_frame when resourceTypes is absent.
  const types = c.resourceTypes;
  if (types ? !types.includes(request.type) : request.type === 'main_frame') return false;
  if (c.excludedResourceTypes && c.excludedResourceTypes.includes(request.type)) return false;
  const host = hostOf(request.url);
  if (c.requestDomains && (!host || !domainMatches(host, c.requestDomains))) return false;
  if (c.excludedRequestDomains && host && domainMatches(host, c.excludedRequestDomains)) {
    return false;
  }
  const initiatorHost = request.initiator === 'null' ? undefined : hostOf(request.initiator);
  if (c.initiatorDomains && (!initiatorHost || !domainMatches(initiatorHost, c.initiatorDomains))) {
    return false;
  }
  if (
    c.excludedInitiatorDomains &&
    initiatorHost &&
    domainMatches(initiatorHost, c.excludedInitiatorDomains)
  ) {
    return false;
  }
  if (c.urlFilter !== undefined) {
    if (!matchesUrlFilter(request.url, c.urlFilter, c.isUrlFilterCaseSensitive === true)) {
      return false;
    }
  }
  if (c.regexFilter !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(c.regexFilter, c.isUrlFilterCaseSensitive === true ? '' : 'i');
    } catch {
      return false;
    }
    if (!re.test(request.url)) return false;
  }
  if (c.responseHeaders || c.excludedResponseHeaders) {
    // Rules with response-header conditions are matched once the headers are known.
    if (!responseHeaders) return false;
    if (c.excludedResponseHeaders?.some((i) => matchesHeaderInfo(i, responseHeaders))) return false;
    if (
      c.responseHeaders &&
      !c.responseHeaders.some((i) => matchesHeaderInfo(i, responseHeaders))
    ) {
      return false;
    }
  }
  return true;
}

export interface Evaluation {
  headers: Header[];
  /** modifyHeaders rules that were applied, highest priority first. */
  applied: DnrRule[];
  /** The `allow` rule that stopped lower rules, if any. */
  allowedBy?: DnrRule;
}

function byPriority(a: DnrRule, b: DnrRule): number {
  return (b.priority ?? 1) - (a.priority ?? 1) || a.id - b.id;
}

/** Applies the matching rules' response-header operations to the response headers. */
export function evaluateResponse(
  rules: readonly DnrRule[],
  request: DnrRequest,
  responseHeaders: readonly Header[],
): Evaluation {
  const matching = rules.filter((r) => matchesCondition(r.condition, request, responseHeaders));
  const allow = matching.filter((r) => r.action.type === 'allow').sort(byPriority)[0];
  const floor = allow ? (allow.priority ?? 1) : -Infinity;
  const modifiers = matching
    .filter((r) => r.action.type === 'modifyHeaders' && (r.priority ?? 1) > floor)
    .sort(byPriority);
  let headers = responseHeaders.map((h) => ({ name: h.name, value: h.value }));
  const state = new Map<string, 'append' | 'set' | 'remove'>();
  const applied: DnrRule[] = [];
  for (const rule of modifiers) {
    if (rule.action.type !== 'modifyHeaders') continue;
    let did = false;
    for (const op of rule.action.responseHeaders ?? []) {
      const name = op.header.toLowerCase();
      const before = state.get(name);
      if (op.operation === 'append') {
        if (before === 'remove') continue;
        headers.push({ name: op.header, value: op.value ?? '' });
        if (before === undefined) state.set(name, 'append');
      } else if (before === undefined) {
        headers = headers.filter((h) => h.name.toLowerCase() !== name);
        if (op.operation === 'set') headers.push({ name: op.header, value: op.value ?? '' });
        state.set(name, op.operation);
      } else continue;
      did = true;
    }
    if (did) applied.push(rule);
  }
  return { headers, applied, ...(allow ? { allowedBy: allow } : {}) };
}
