/**
 * Rules for requests that belong to no tab: a site's service worker (a mock service worker, an
 * offline cache) fetching the API. Chromium gives them `tabId` -1 and the registering page's
 * origin as initiator (checked in Chromium 156: a worker of `http://localhost:P` fetching
 * `http://127.0.0.1:Q` has tabId -1, initiator and `Origin: http://localhost:P`), so the tab rules
 * never reach them. A session rule with `tabIds: [-1]` and `initiatorDomains: [site host]` does.
 *
 * The catch: `initiatorDomains` has no port, so such a rule also sees the workers of every other
 * origin on the same host (`localhost:3000` next to `localhost:5173`). The rules are therefore
 * limited to responses that cannot pass for another origin, whatever CORS Lens adds:
 * - Access-Control-Allow-Origin absent: set to the site. Another origin's request stays blocked
 *   (the value names the site), and it was blocked before;
 * - ACAO already naming the site (`O`, or a duplicate such as `O, O`): set to `O`, add
 *   credentials, the preflight lists and exposed headers. The server answered for the site; for any
 *   other origin that answer fails whatever else it carries.
 * Left as the server answered: `*`, another origin, `null` — one of them may be another origin's
 * working answer (a worker's `*` to an uncredentialed request, an echo), and a worker request
 * carries no credentials mode a rule could check. So a credentialed worker request to a `*` server
 * stays blocked; docs/overrides.md and the popup say so.
 *
 * Only for site-wide overrides (a worker serves every tab of its origin, not one), only while a tab
 * shows the site (like the tab rules), only with response-header conditions (Chrome ≥ 128), and
 * only when the site is the one relaxed origin on its host: two overrides on `localhost` would
 * each set their own origin on the same responses.
 */
import type { DnrModifyHeaderInfo, DnrRule, DnrRuleCondition } from './dnr-types.ts';
import { PRIORITY, SLOT_STRIDE, WORKER_RULE_ID_MIN } from './ids.ts';
import { originHost } from './origin.ts';
import { listFixRules, preflightListOps, type Target } from './rule-families.ts';
import type { Override } from './types.ts';

/** Chromium's tabId for requests that belong to no tab (service and shared workers). */
export const NO_TAB_ID = -1;

const ACAO = 'Access-Control-Allow-Origin';

const WORKER_FAMILY = {
  sameOrigin: 0,
  origin: 1,
  preflight: 2,
  expose: 3,
  /** Replace an Allow-Methods / Allow-Headers list Chromium cannot parse, as the tab rules do. */
  methodsListFix: 4,
  headersListFix: 5,
} as const;
const WORKER_FAMILY_COUNT = 6;

export function workerRuleId(slot: number, target: number, family: number): number {
  return WORKER_RULE_ID_MIN + slot * SLOT_STRIDE + target * WORKER_FAMILY_COUNT + family;
}

/** Hosts with exactly one site-wide override among `overrides` (the ones worker rules may serve). */
export function workerHosts(overrides: readonly Override[]): Set<string> {
  const count = new Map<string, number>();
  for (const o of overrides) {
    if (o.scope.kind !== 'site') continue;
    const host = originHost(o.site);
    if (host !== '') count.set(host, (count.get(host) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n === 1).map(([host]) => host));
}

/**
 * The worker rules of one override, ids assigned, for the targets the tab rules use. Empty when
 * the override is tab-scoped or its host is shared (see above).
 */
export function workerRules(
  override: Override,
  slot: number,
  targets: readonly Target[],
  hosts: ReadonlySet<string>,
): DnrRule[] {
  const host = originHost(override.site);
  if (override.scope.kind !== 'site' || !hosts.has(host)) return [];
  const site = override.site;
  const scope: DnrRuleCondition = {
    tabIds: [NO_TAB_ID],
    initiatorDomains: [host],
    resourceTypes: ['xmlhttprequest'],
  };
  // Excluded where ACAO is present and names no site: `*`, another origin, `null` stay untouched.
  const absentOrSite = [{ header: ACAO.toLowerCase(), excludedValues: [site] }];
  const rules: DnrRule[] = [];
  targets.forEach((target, t) => {
    const where: DnrRuleCondition = {
      ...target.condition,
      ...scope,
      excludedResponseHeaders: absentOrSite,
    };
    const modify = (
      family: number,
      priority: number,
      condition: DnrRuleCondition,
      responseHeaders: DnrModifyHeaderInfo[],
    ) =>
      rules.push({
        id: workerRuleId(slot, t, family),
        priority,
        condition,
        action: { type: 'modifyHeaders', responseHeaders },
      });
    if (target.origin === 'any') {
      rules.push({
        id: workerRuleId(slot, t, WORKER_FAMILY.sameOrigin),
        priority: PRIORITY.sameOrigin,
        condition: { ...scope, urlFilter: `|${site}/` },
        action: { type: 'allow' },
      });
    }
    const origin: DnrModifyHeaderInfo[] = [
      { header: ACAO, operation: 'set', value: site },
      { header: 'Vary', operation: 'append', value: 'Origin' },
    ];
    if (override.credentials) {
      origin.push({ header: 'Access-Control-Allow-Credentials', operation: 'set', value: 'true' });
    }
    modify(WORKER_FAMILY.origin, PRIORITY.originFix, where, origin);
    modify(
      WORKER_FAMILY.preflight,
      PRIORITY.preflight,
      { ...where, requestMethods: ['options'] },
      preflightListOps(override),
    );
    // A malformed list (`PUT;, DELETE`) fails whatever is appended: replaced, like the tab rules.
    const fix = listFixRules(override, where);
    rules.push({ id: workerRuleId(slot, t, WORKER_FAMILY.methodsListFix), ...fix.methods });
    rules.push({ id: workerRuleId(slot, t, WORKER_FAMILY.headersListFix), ...fix.headers });
    if (override.exposeHeaders.length > 0) {
      modify(
        WORKER_FAMILY.expose,
        PRIORITY.expose,
        { ...where, excludedRequestMethods: ['options'] },
        [
          {
            header: 'Access-Control-Expose-Headers',
            operation: 'append',
            value: [...new Set(override.exposeHeaders)].join(', '),
          },
        ],
      );
    }
  });
  return rules;
}
