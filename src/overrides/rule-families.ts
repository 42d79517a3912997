/**
 * The rules of one override, family by family (see compile.ts for the case table they realize and
 * ids.ts for ids and priorities). Pure builders: no validation, no budget, no ids.
 */
import {
  DEFAULT_ALLOWED_HEADERS,
  DEFAULT_ALLOWED_METHODS,
  PREFLIGHT_MAX_AGE_SECONDS,
} from './defaults.ts';
import type {
  DnrHeaderInfo,
  DnrModifyHeaderInfo,
  DnrResourceType,
  DnrRule,
  DnrRuleCondition,
} from './dnr-types.ts';
import { FAMILY, PRIORITY, type RuleFamily } from './ids.ts';
import { apiOriginPattern, originHost } from './origin.ts';
import type { Override } from './types.ts';

export type FamilyRule = { family: RuleFamily; rule: Omit<DnrRule, 'id'> };

const ACAO = 'Access-Control-Allow-Origin';
const RESOURCE_TYPES: DnrResourceType[] = ['xmlhttprequest'];

/** The request-URL part of a rule's condition for one API-origin target. */
export interface Target {
  condition: DnrRuleCondition;
  /** The target origin (as in the override), or 'any'. */
  origin: string;
  usesRegex: boolean;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Learned cross-origin redirect targets. Requests there arrive tainted: their origin is `null`, so
 * the site's origin can never pass them. Above the other families, per target:
 * - `allow` when ACAO has `*` (and no `null`): it reaches them untouched (passes every
 *   uncredentialed request);
 * - ACAO `null` where it is missing or names another origin (those fail for every request anyway,
 *   so nothing that passed can break), and where it has `null`, to collapse `null, null` or
 *   `*, null` (a duplicate fails for every request too).
 * A direct request to such an origin answered with the site's origin still gets the normal rules.
 */
export function redirectTargetRules(
  override: Override,
  base: DnrRuleCondition,
  conditionsSupported: boolean,
): FamilyRule[][] {
  const acao = ACAO.toLowerCase();
  // Only origins the override relaxes at all: a learned target outside an explicit list stays as
  // the server answered it.
  const origins = [...(override.learned.redirectOrigins ?? [])]
    .filter((origin) => coversOrigin(override, origin))
    .sort();
  if (!conditionsSupported) {
    // Without header conditions the best is to leave these responses alone: an echoing server
    // answers `null` itself, and the site's origin could never pass a tainted request.
    return origins.map((origin) => [
      {
        family: FAMILY.sameOrigin,
        rule: {
          priority: PRIORITY.redirectTarget,
          condition: { ...base, urlFilter: `|${origin}/` },
          action: { type: 'allow' },
        },
      },
    ]);
  }
  const setNull: DnrModifyHeaderInfo = { header: ACAO, operation: 'set', value: 'null' };
  return origins.map((origin) => {
    const where = { ...base, urlFilter: `|${origin}/` };
    return [
      {
        family: FAMILY.sameOrigin,
        rule: {
          priority: PRIORITY.redirectTarget,
          condition: {
            ...where,
            responseHeaders: [{ header: acao, values: ['\\*'] }],
            // `*, null` fails for every request: leave it to the null rule below.
            excludedResponseHeaders: [{ header: acao, values: ['null'] }],
          },
          action: { type: 'allow' },
        },
      },
      {
        family: FAMILY.originFix,
        rule: {
          priority: PRIORITY.redirectTargetOrigin,
          condition: {
            ...where,
            excludedResponseHeaders: [{ header: acao, values: ['null', '\\*', override.site] }],
          },
          action: { type: 'modifyHeaders', responseHeaders: [setNull] },
        },
      },
      {
        family: FAMILY.originDedupe,
        rule: {
          priority: PRIORITY.redirectTargetOrigin,
          condition: { ...where, responseHeaders: [{ header: acao, values: ['null'] }] },
          action: { type: 'modifyHeaders', responseHeaders: [setNull] },
        },
      },
    ];
  });
}

/** True when the override's API origins include `origin` (exactly, by `*.domain`, or 'any'). */
export function coversOrigin(override: Override, origin: string): boolean {
  if (override.apiOrigins === 'any') return true;
  const target = apiOriginPattern(origin);
  if (!target || target.wildcard) return false;
  return override.apiOrigins.some((entry) => {
    const p = apiOriginPattern(entry);
    if (!p || p.scheme !== target.scheme || p.port !== target.port) return false;
    return p.wildcard ? target.host.endsWith(`.${p.host}`) : p.host === target.host;
  });
}

export function targetsOf(override: Override): Target[] {
  if (override.apiOrigins === 'any') return [{ condition: {}, origin: 'any', usesRegex: false }];
  const targets: Target[] = [];
  for (const origin of [...override.apiOrigins].sort()) {
    const p = apiOriginPattern(origin);
    if (!p) continue;
    if (!p.wildcard) {
      targets.push({ condition: { urlFilter: `|${origin}/` }, origin, usesRegex: false });
      continue;
    }
    const port = p.port === '' ? '' : `:${p.port}`;
    targets.push({
      condition: {
        requestDomains: [p.host],
        // Subdomains only (like CSP's *.example.com); lower-case because Chromium canonicalizes hosts.
        regexFilter: `^${p.scheme}://(?:[a-z0-9-]+\\.)+${escapeRegex(p.host)}${escapeRegex(port)}/`,
      },
      origin,
      usesRegex: true,
    });
  }
  return targets;
}

function joinList(items: readonly string[]): string {
  return [...new Set(items)].join(', ');
}

/** What every modifyHeaders rule of an override requires: its tabs, its frames, fetch/XHR. */
export function scopeCondition(override: Override, tabIds: number[]): DnrRuleCondition {
  const host = originHost(override.site);
  return {
    tabIds,
    ...(host !== '' ? { initiatorDomains: [host] } : {}),
    resourceTypes: [...RESOURCE_TYPES],
  };
}

/** The rules of one override for one target, before ids are assigned. */
export function familyRules(
  override: Override,
  tabIds: number[],
  target: Target,
  conditionsSupported: boolean,
): FamilyRule[] {
  const site = override.site;
  const base: DnrRuleCondition = { ...target.condition, ...scopeCondition(override, tabIds) };
  const out: FamilyRule[] = [];
  const modify = (
    family: RuleFamily,
    priority: number,
    condition: DnrRuleCondition,
    responseHeaders: DnrModifyHeaderInfo[],
  ): void => {
    out.push({
      family,
      rule: { priority, condition, action: { type: 'modifyHeaders', responseHeaders } },
    });
  };

  if (target.origin === 'any') {
    out.push({
      family: FAMILY.sameOrigin,
      rule: {
        priority: PRIORITY.sameOrigin,
        condition: { tabIds, urlFilter: `|${site}/`, resourceTypes: [...RESOURCE_TYPES] },
        action: { type: 'allow' },
      },
    });
  }

  const setOrigin: DnrModifyHeaderInfo = { header: ACAO, operation: 'set', value: site };
  const vary: DnrModifyHeaderInfo = { header: 'Vary', operation: 'append', value: 'Origin' };
  if (conditionsSupported) {
    const keep = override.credentials ? ['null'] : ['null', '\\*'];
    const acao: DnrHeaderInfo = { header: ACAO.toLowerCase(), values: [...keep, site] };
    modify(FAMILY.originFix, PRIORITY.originFix, { ...base, excludedResponseHeaders: [acao] }, [
      setOrigin,
      vary,
    ]);
    modify(
      FAMILY.originDedupe,
      PRIORITY.originDedupe,
      // Any ACAO with the site's origin in it: exactly `O` (a no-op), or a duplicate such as
      // `O, O`, `*, O`, `null, O`, which fails for every request: one `O` fixes it.
      { ...base, responseHeaders: [{ header: ACAO.toLowerCase(), values: [site] }] },
      [setOrigin],
    );
  } else {
    modify(FAMILY.originFix, PRIORITY.originFix, { ...base }, [setOrigin, vary]);
  }

  if (override.credentials) {
    modify(FAMILY.credentials, PRIORITY.credentials, { ...base }, [
      { header: 'Access-Control-Allow-Credentials', operation: 'set', value: 'true' },
    ]);
  }

  const methods = joinList([
    ...DEFAULT_ALLOWED_METHODS,
    ...override.methods,
    ...override.learned.methods,
  ]);
  const headers = joinList([
    ...DEFAULT_ALLOWED_HEADERS,
    ...override.requestHeaders,
    ...override.learned.requestHeaders,
  ]);
  modify(FAMILY.preflight, PRIORITY.preflight, { ...base, requestMethods: ['options'] }, [
    // Appended, not set: a second line joins the server's list, so whatever it allowed stays allowed.
    { header: 'Access-Control-Allow-Methods', operation: 'append', value: methods },
    { header: 'Access-Control-Allow-Headers', operation: 'append', value: headers },
    {
      header: 'Access-Control-Max-Age',
      operation: 'set',
      value: String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  ]);

  if (override.exposeHeaders.length > 0) {
    modify(FAMILY.expose, PRIORITY.expose, { ...base, excludedRequestMethods: ['options'] }, [
      {
        header: 'Access-Control-Expose-Headers',
        operation: 'append',
        value: joinList(override.exposeHeaders),
      },
    ]);
  }
  return out;
}
