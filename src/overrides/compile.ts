/**
 * Overrides + the open tabs → declarativeNetRequest session rules. Pure and total: bad input becomes
 * `errors`, never a throw; the same input always gives the same rules and ids.
 *
 * Scope. Every rule carries `tabIds` (the tabs whose top-level origin is the override's site, or
 * the one tab of a tab-scoped override; DNR domain conditions carry no port, so tabs are the scope),
 * `initiatorDomains: [site host]` (frames of other hosts keep their own answers; frames of the
 * site's host or its subdomains known to be in a tab get frame-rules.ts's shields there) and
 * `resourceTypes: ['xmlhttprequest']` (fetch and XHR; Chromium gives their CORS preflights the same
 * type, checked in Chromium 156). With an explicit API-origin list, each origin gets `urlFilter:
 * '|scheme://host[:port]/'` (exact, port included; no regex budget spent); a `*.domain` entry gets
 * `requestDomains` + an anchored `regexFilter`. With `'any'`, an `allow` rule above the others
 * exempts the site's own origin (same-origin requests need no CORS headers).
 *
 * Never break what works. DNR cannot see what decides a CORS check on the request side — the
 * credentials mode, whether a cross-origin redirect tainted the origin to `null`, which frame made
 * the request (initiatorDomains has no port) — and Chromium 156 refuses request-header conditions.
 * Since Chrome 128 it can condition on the response headers (case-insensitively, per
 * comma-separated value), so the families in rule-families.ts change only what would fail and read
 * the server's own hints: `Vary: Origin` tells an echo (its `null` answers a tainted request, its
 * other origin answers another frame) from a hard-coded value (fails every request of the site).
 * Learned redirect targets (origin + path) get `null`, so tainted retries pass. The case table,
 * the trade-offs and the measured matrix are in docs/overrides.md; test/unit/overrides/matrix.test.ts
 * counts them and test/e2e/override-rules.e2e.ts replays them in Chromium.
 *
 * Without header conditions (Firefox, Chrome < 128) every in-scope response gets ACAO O: working
 * `*` and `null` answers to tainted requests break; `stats.warnings` says so.
 *
 * With credentials, `*` in Allow-Methods/-Headers/Expose-Headers is a literal, so lists are explicit
 * (defaults + configured + learned) and ACAO is never `*`.
 */
import type { InputError } from '../cors/types.ts';
import type { DnrRule } from './dnr-types.ts';
import { activeOverrides } from './expiry.ts';
import {
  assignSlots,
  FAMILY,
  MAX_REGEX_RULES,
  MAX_SESSION_RULES,
  MAX_TARGETS_PER_OVERRIDE,
  MAX_UNSAFE_SESSION_RULES,
  ruleId,
} from './ids.ts';
import {
  answeredTabsRule,
  failedOriginRules,
  familyRules,
  preflightListOps,
  redirectTargetRules,
  scopeCondition,
  targetsOf,
} from './rule-families.ts';
import { frameRules } from './frame-rules.ts';
import type { Override } from './types.ts';
import { originOf } from '../cors/url.ts';
import { validateOverride } from './validate.ts';
import { workerHosts, workerRules } from './worker-rules.ts';

export interface CompileOptions {
  /** Chrome ≥ 128: rule conditions on response headers. Firefox: no. Default true. */
  supportsResponseHeaderConditions?: boolean;
  /** Session-rule budget left for CORS Lens (other features may hold some). */
  maxRules?: number;
  maxRegexRules?: number;
  /** Tabs that exist, for `tab-close` ends; default: the ids in `tabs`. */
  openTabIds?: readonly number[];
  /** Also relax the site's service workers (requests with no tab), see worker-rules.ts. */
  workerRequests?: boolean;
  /**
   * Tabs where "answer preflights" is attached and fixes tainted requests itself: a bare `*` and
   * `null` are replaced there from the first try (rule-families.ts, answeredTabsRule).
   */
  answeredTabs?: readonly number[];
}

export interface CompileStats {
  /** Overrides given, valid, active now, and actually compiled (some tab shows their site). */
  overrides: number;
  valid: number;
  active: number;
  compiled: number;
  rules: number;
  regexRules: number;
  /** Rule ids per override id, for the simulator, the badge and the panel. */
  byOverride: Record<string, number[]>;
  /** Cases the compiled rules cannot protect (e.g. no response-header conditions). */
  warnings: string[];
  /** What a tab's frames cost the site there, by tab id (frame-rules.ts), for the popup. */
  frameNotes: Record<number, string[]>;
}

export interface CompileResult {
  rules: DnrRule[];
  errors: InputError[];
  stats: CompileStats;
}

export interface TabInfo {
  tabId: number;
  /** The tab's top-level origin. */
  origin: string;
  /**
   * Origins of the frames seen in the tab (most recently seen last): those on the site's host or a
   * subdomain of it get their exchanges left alone in this tab (frame-rules.ts).
   */
  frames?: readonly string[];
}

function tabsFor(override: Override, tabs: readonly TabInfo[]): number[] {
  const ids = tabs.filter((t) => t.origin === override.site).map((t) => t.tabId);
  const scoped =
    override.scope.kind === 'tab'
      ? ids.filter((id) => id === (override.scope as { tabId: number }).tabId)
      : ids;
  return [...new Set(scoped)].sort((a, b) => a - b);
}

function cleanTabs(raw: unknown, errors: InputError[]): TabInfo[] {
  if (!Array.isArray(raw)) {
    errors.push({ path: 'tabs', message: 'Expected a list of { tabId, origin }.' });
    return [];
  }
  const out: TabInfo[] = [];
  raw.forEach((t: unknown, i) => {
    const tab = t as Partial<TabInfo> | null;
    if (
      typeof tab !== 'object' ||
      tab === null ||
      typeof tab.tabId !== 'number' ||
      !Number.isInteger(tab.tabId) ||
      tab.tabId < 0 ||
      typeof tab.origin !== 'string'
    ) {
      errors.push({ path: `tabs[${i}]`, message: 'Expected { tabId: integer ≥ 0, origin }.' });
      return;
    }
    // Tabs showing opaque-origin pages (file:, data:, about:) can never match a site.
    const origin = originOf(tab.origin);
    if (origin === 'null') return;
    // Frames: http(s) origins only (an opaque frame's initiator matches no domain condition).
    const frames = (Array.isArray(tab.frames) ? tab.frames : [])
      .map((f: unknown) => (typeof f === 'string' ? originOf(f) : 'null'))
      .filter((f) => /^https?:\/\//.test(f));
    out.push({ tabId: tab.tabId, origin, ...(frames.length > 0 ? { frames } : {}) });
  });
  return out;
}

export function compileRules(
  overrides: readonly Override[],
  tabs: readonly TabInfo[],
  now: number,
  options: CompileOptions = {},
): CompileResult {
  const opts: CompileOptions = typeof options === 'object' && options !== null ? options : {};
  const errors: InputError[] = [];
  const conditionsSupported = opts.supportsResponseHeaderConditions !== false;
  const maxRules = Math.min(opts.maxRules ?? MAX_SESSION_RULES, MAX_UNSAFE_SESSION_RULES);
  const maxRegex = opts.maxRegexRules ?? MAX_REGEX_RULES;
  const stats: CompileStats = {
    overrides: 0,
    valid: 0,
    active: 0,
    compiled: 0,
    rules: 0,
    regexRules: 0,
    byOverride: {},
    warnings: [],
    frameNotes: {},
  };
  const list: unknown[] = Array.isArray(overrides) ? overrides : [];
  if (!Array.isArray(overrides)) errors.push({ path: 'overrides', message: 'Expected a list.' });
  stats.overrides = list.length;

  const valid: Override[] = [];
  list.forEach((raw, i) => {
    const result = validateOverride(raw, `overrides[${i}]`);
    if (result.value) valid.push(result.value);
    else errors.push(...result.errors);
  });
  stats.valid = valid.length;

  const cleanTabList = cleanTabs(tabs, errors);
  const open = Array.isArray(opts.openTabIds) ? opts.openTabIds : cleanTabList.map((t) => t.tabId);
  const nowMs = typeof now === 'number' && Number.isFinite(now) ? now : 0;
  // Oldest first: when the budget runs out, the override the user added last is the one left out.
  const active = activeOverrides(valid, nowMs, open).sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  stats.active = active.length;

  const seenSites = new Map<string, string>();
  const seenIds = new Set<string>();
  const unique: Override[] = [];
  for (const o of active) {
    const other = seenSites.get(o.site);
    if (other !== undefined || seenIds.has(o.id)) {
      errors.push({
        path: `overrides[id=${o.id}]`,
        message:
          other !== undefined
            ? `${o.site} already has an active override (${other}); this one is ignored.`
            : `Duplicate override id ${o.id}; the second is ignored.`,
      });
      continue;
    }
    seenSites.set(o.site, o.id);
    seenIds.add(o.id);
    unique.push(o);
  }

  const slots = assignSlots(unique.map((o) => o.id));
  const hosts = workerHosts(unique);
  const rules: DnrRule[] = [];
  for (const o of unique) {
    const tabIds = tabsFor(o, cleanTabList);
    if (tabIds.length === 0) continue;
    const slot = slots.get(o.id);
    if (slot === undefined) {
      errors.push({ path: `overrides[id=${o.id}]`, message: 'Too many overrides to number.' });
      continue;
    }
    const targets = targetsOf(o);
    if (targets.length > MAX_TARGETS_PER_OVERRIDE) {
      errors.push({
        path: `overrides[id=${o.id}].apiOrigins`,
        message: `At most ${MAX_TARGETS_PER_OVERRIDE} API origins per override.`,
      });
      continue;
    }
    const redirect = redirectTargetRules(
      o,
      scopeCondition(o, tabIds),
      MAX_TARGETS_PER_OVERRIDE - targets.length,
      preflightListOps(o),
    );
    const redirectRules = redirect.rules;
    if (redirect.left > 0) {
      stats.warnings.push(
        `${o.site}: the ${redirect.left} oldest learned redirect targets are left out ` +
          '(too many for one override); requests redirected there may stay blocked.',
      );
    }
    const frames = frameRules(
      o,
      tabIds,
      cleanTabList.map((t) => ({ tabId: t.tabId, frames: t.frames ?? [] })),
      targets,
      conditionsSupported,
      slot,
    );
    if (frames.left > 0) {
      stats.warnings.push(
        `${o.site}: ${frames.left} frame origins in its tabs are left out (too many); ` +
          "their requests get the site's headers.",
      );
    }
    // Learned failed origins take the target indexes after the redirect targets, in the room left.
    const plainTabs = tabIds.filter((id) => !frames.keptTabs.includes(id));
    const failed = conditionsSupported
      ? failedOriginRules(
          o,
          { ...scopeCondition(o, plainTabs) },
          MAX_TARGETS_PER_OVERRIDE - targets.length - redirectRules.length,
        )
      : { rules: [], left: 0 };
    if (plainTabs.length === 0) failed.rules = [];
    if (failed.left > 0) {
      stats.warnings.push(
        `${o.site}: the ${failed.left} oldest learned failing API origins are left out ` +
          '(too many for one override); "*" and "null" answers there stay as sent.',
      );
    }
    const own: DnrRule[] = [...frames.rules];
    let regexCount = frames.rules.filter((r) => r.condition.regexFilter !== undefined).length;
    const answered = Array.isArray(opts.answeredTabs)
      ? plainTabs.filter((id) => opts.answeredTabs!.includes(id))
      : [];
    targets.forEach((target, t) => {
      const families = familyRules(o, tabIds, target, conditionsSupported, frames.keptTabs);
      for (const { family, rule } of families) {
        own.push({ id: ruleId(slot, t, family), ...rule });
        if (rule.condition.regexFilter !== undefined) regexCount++;
      }
      if (conditionsSupported && answered.length > 0) {
        const rule = answeredTabsRule(o, { ...target.condition, ...scopeCondition(o, answered) });
        own.push({ id: ruleId(slot, t, FAMILY.nullFix), ...rule });
        if (rule.condition.regexFilter !== undefined) regexCount++;
      }
    });
    // Redirect targets take the target indexes after the API origins.
    redirectRules.forEach((group, k) => {
      for (const { family, rule } of group) {
        own.push({ id: ruleId(slot, targets.length + k, family), ...rule });
      }
    });
    failed.rules.forEach((group, k) => {
      for (const { family, rule } of group) {
        own.push({ id: ruleId(slot, targets.length + redirectRules.length + k, family), ...rule });
      }
    });
    // The site's service workers (tabId -1): a few more rules, see worker-rules.ts.
    if (opts.workerRequests && conditionsSupported) {
      const worker = workerRules(o, slot, targets, hosts);
      own.push(...worker);
      regexCount += worker.filter((r) => r.condition.regexFilter !== undefined).length;
    }
    if (rules.length + own.length > maxRules || stats.regexRules + regexCount > maxRegex) {
      errors.push({
        path: `overrides[id=${o.id}]`,
        message:
          `Not applied: its ${own.length} rules would exceed the browser's limit ` +
          `(${maxRules} session rules, ${maxRegex} regex rules). Pause or delete another override.`,
      });
      continue;
    }
    rules.push(...own);
    for (const [tabId, notes] of Object.entries(frames.notes)) {
      (stats.frameNotes[Number(tabId)] ??= []).push(...notes);
    }
    stats.regexRules += regexCount;
    stats.byOverride[o.id] = own.map((r) => r.id);
    stats.compiled++;
  }
  rules.sort((a, b) => a.id - b.id);
  stats.rules = rules.length;
  if (!conditionsSupported && stats.compiled > 0) {
    stats.warnings.push(
      'This browser cannot condition rules on response headers, so CORS Lens sets ' +
        'Access-Control-Allow-Origin on every response in the relaxed tabs. A request that a ' +
        'cross-origin redirect gave the origin "null" and that the server already allowed with ' +
        '"*" or "null" is blocked by the override.',
    );
  }
  return { rules, errors, stats };
}
