/**
 * The rules of one override, family by family (see compile.ts for the case table they realize and
 * ids.ts for ids and priorities). Pure builders: no validation, no budget, no ids.
 */
import { PREFLIGHT_MAX_AGE_SECONDS } from './defaults.ts';
import type {
  DnrHeaderInfo,
  DnrModifyHeaderInfo,
  DnrResourceType,
  DnrRule,
  DnrRuleCondition,
} from './dnr-types.ts';
import { FAMILY, PRIORITY, type RuleFamily } from './ids.ts';
import { allowedMethods, allowedRequestHeaders } from './learn.ts';
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
 * Learned cross-origin redirect targets (`learned.redirectTargets`: origin + path, as the redirect
 * named them; legacy `learned.redirectOrigins`: a whole origin). Requests there arrive tainted:
 * their origin is `null`, so the site's origin can never pass them, while ACAO `null` passes them
 * with and without credentials (`*` only without). Above the other families, per target: set ACAO
 * `null` on every response. Scoped to the path the redirect went to (`|origin/path^`: the path
 * itself, its query, its sub-paths), so direct calls to the rest of that origin keep the normal
 * rules. The other families (ACAC, lists) still apply. The same rule works without header
 * conditions: an echoing server answers `null` itself.
 */
export function redirectTargetRules(
  override: Override,
  base: DnrRuleCondition,
  room: number,
  lists?: DnrModifyHeaderInfo[],
): { rules: FamilyRule[][]; left: number } {
  const setNull: DnrModifyHeaderInfo = { header: ACAO, operation: 'set', value: 'null' };
  const setCredentials: DnrModifyHeaderInfo = {
    header: 'Access-Control-Allow-Credentials',
    operation: 'set',
    value: 'true',
  };
  const filters: Array<{ urlFilter: string; site: boolean }> = [];
  // Only targets the override relaxes at all: one outside an explicit list stays as answered.
  for (const origin of override.learned.redirectOrigins ?? []) {
    if (coversOrigin(override, origin)) filters.push({ urlFilter: `|${origin}/`, site: false });
  }
  for (const target of override.learned.redirectTargets ?? []) {
    const origin = originOfTarget(target);
    // The site itself too: a redirect from an API back to the site taints the request as well.
    const site = origin === override.site;
    if (origin !== undefined && (site || coversOrigin(override, origin))) {
      filters.push({ urlFilter: `|${target}^`, site });
    }
  }
  // Learned last = most recent: when the override's id block is full, the oldest ones give way
  // (learning never switches an override off).
  const kept = filters.slice(Math.max(0, filters.length - Math.max(0, room)));
  return {
    left: filters.length - kept.length,
    rules: kept.map(({ urlFilter, site }) => [
      {
        family: FAMILY.originFix,
        rule: {
          priority: PRIORITY.redirectTargetOrigin,
          condition: { ...base, urlFilter },
          action: {
            type: 'modifyHeaders',
            // ACAC here too: on the site's own origin the sameOrigin `allow` stops the credentials
            // family, and this rule sits above it.
            responseHeaders: override.credentials ? [setNull, setCredentials] : [setNull],
          },
        },
      },
      // On the site's own origin the sameOrigin `allow` stops the preflight family too.
      ...(site && lists
        ? [
            {
              family: FAMILY.preflight,
              rule: {
                priority: PRIORITY.redirectTargetOrigin,
                condition: { ...base, urlFilter, requestMethods: ['options' as const] },
                action: { type: 'modifyHeaders' as const, responseHeaders: lists },
              },
            },
          ]
        : []),
    ]),
  };
}

function originOfTarget(target: string): string | undefined {
  const m = /^(https?:\/\/[^/]+)\//.exec(target);
  return m?.[1];
}

/**
 * Values of one comma-separated list item that Chromium's list parser rejects (not an RFC 7230
 * token), as DNR header patterns (`?` is a wildcard, so `\?` is the literal). One such item makes
 * Chromium drop the whole header (`InvalidAllowMethodsPreflightResponse`), so appending to it
 * cannot help: it must be replaced. Control and non-ASCII bytes are left out (rare, and patterns
 * cannot list them all).
 */
export const NON_TOKEN_ITEM_PATTERNS: readonly string[] = [
  ...[';', '"', '(', ')', '/', ':', '<', '=', '>', '\\?', '@', '[', ']', '{', '}', ' ', '\t'].map(
    (ch) => `*${ch}*`,
  ),
];

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

/**
 * Another frame's exchanges. DNR's initiatorDomains carries no port and takes subdomains in, so a
 * frame of `http://localhost:8080` or `http://evil.localhost:5173` inside the relaxed tab matches
 * the site's rules. What tells its answers apart is the answer: ACAO naming another well-formed
 * origin, varied by Origin (an echo or an allow-list answering that frame), is left entirely alone
 * (an `allow` above every family). The same value without `Vary: Origin` is a hard-coded wrong
 * origin (a server set up for another port), which fails every request of the site: the two rules
 * above the shield fix it, ACAC and lists included, since the shield stops the families below.
 */
function foreignRules(override: Override, base: DnrRuleCondition, out: FamilyRule[]): void {
  const acao = ACAO.toLowerCase();
  const foreign: DnrHeaderInfo = {
    header: acao,
    values: ['http://*', 'https://*'],
    // The site itself, or the site with a path (`O/`): a misconfiguration of the site's own answer.
    excludedValues: [override.site, `${override.site}/*`],
  };
  const varies: DnrHeaderInfo = { header: 'vary', values: ['origin', '\\*'] };
  // A subdomain's origin (`http://evil.localhost:5173` for `localhost`): never the site's own
  // answer, and initiatorDomains lets such frames in: left alone with or without Vary.
  const host = originHost(override.site);
  const named = host !== '' && !host.startsWith('[') && !/^[\d.]+$/.test(host);
  const subdomain: DnrHeaderInfo | undefined = named
    ? {
        header: acao,
        values: ['http', 'https'].flatMap((s) => [`${s}://*.${host}`, `${s}://*.${host}:*`]),
        // With the site's origin too it is a duplicate of the site's answer: originDedupe's.
        excludedValues: [override.site],
      }
    : undefined;
  if (subdomain) {
    out.push({
      family: FAMILY.subdomainShield,
      rule: {
        priority: PRIORITY.foreignShield,
        condition: { ...base, responseHeaders: [subdomain] },
        action: { type: 'allow' },
      },
    });
  }
  out.push({
    family: FAMILY.foreignShield,
    rule: {
      priority: PRIORITY.foreignShield,
      condition: {
        ...base,
        responseHeaders: [foreign],
        // Vary without Origin: not an echo. (Vary absent is left to foreignFix, which sits above.)
        excludedResponseHeaders: [{ header: 'vary', excludedValues: ['origin', '\\*'] }],
      },
      action: { type: 'allow' },
    },
  });
  const fix: DnrModifyHeaderInfo[] = [
    { header: ACAO, operation: 'set', value: override.site },
    { header: 'Vary', operation: 'append', value: 'Origin' },
    ...(override.credentials
      ? [{ header: 'Access-Control-Allow-Credentials', operation: 'set' as const, value: 'true' }]
      : []),
  ];
  const condition = {
    ...base,
    responseHeaders: [foreign],
    excludedResponseHeaders: subdomain ? [varies, subdomain] : [varies],
  };
  const expose: DnrModifyHeaderInfo[] =
    override.exposeHeaders.length > 0
      ? [
          {
            header: 'Access-Control-Expose-Headers',
            operation: 'append',
            value: joinList(override.exposeHeaders),
          },
        ]
      : [];
  out.push({
    family: FAMILY.foreignFix,
    rule: {
      priority: PRIORITY.foreignFix,
      condition: { ...condition, excludedRequestMethods: ['options'] },
      action: { type: 'modifyHeaders', responseHeaders: [...fix, ...expose] },
    },
  });
  out.push({
    family: FAMILY.foreignFixPreflight,
    rule: {
      priority: PRIORITY.foreignFix,
      condition: { ...condition, requestMethods: ['options'] },
      action: { type: 'modifyHeaders', responseHeaders: [...fix, ...preflightListOps(override)] },
    },
  });
}

/** What the preflight family does: append the override's lists, set a short Max-Age. */
export function preflightListOps(override: Override): DnrModifyHeaderInfo[] {
  return [
    // Appended, not set: a second line joins the server's list, so whatever it allowed stays allowed.
    { header: 'Access-Control-Allow-Methods', operation: 'append', value: methodList(override) },
    { header: 'Access-Control-Allow-Headers', operation: 'append', value: headerList(override) },
    {
      header: 'Access-Control-Max-Age',
      operation: 'set',
      value: String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  ];
}

/**
 * The lists end with `*`: for an uncredentialed request it allows any method or header (but
 * `Authorization`, listed by name), so a new one passes on the first try; for a credentialed
 * request Chromium reads `*` as a literal name, and the explicit list (defaults, configured,
 * learned) is what allows it.
 */
const ANY_FOR_UNCREDENTIALED = '*';

function methodList(override: Override): string {
  return joinList([...allowedMethods(override), ANY_FOR_UNCREDENTIALED]);
}

function headerList(override: Override): string {
  return joinList([...allowedRequestHeaders(override), ANY_FOR_UNCREDENTIALED]);
}

/**
 * The two rules that replace a preflight list Chromium cannot parse (`PUT;, DELETE`, `x-custom;`):
 * whatever is appended to such a list fails with it, and it allowed nothing, so it is `set` to the
 * override's list. Above the preflight family (its `append` still adds). Both the tab rules and the
 * worker rules (worker-rules.ts) use them, under `base`, their own scope.
 */
export function listFixRules(
  override: Override,
  base: DnrRuleCondition,
): { methods: Omit<DnrRule, 'id'>; headers: Omit<DnrRule, 'id'> } {
  const replace = (header: string, value: string): Omit<DnrRule, 'id'> => ({
    priority: PRIORITY.listFix,
    condition: {
      ...base,
      requestMethods: ['options'],
      responseHeaders: [{ header: header.toLowerCase(), values: [...NON_TOKEN_ITEM_PATTERNS] }],
    },
    action: { type: 'modifyHeaders', responseHeaders: [{ header, operation: 'set', value }] },
  });
  return {
    methods: replace('Access-Control-Allow-Methods', methodList(override)),
    headers: replace('Access-Control-Allow-Headers', headerList(override)),
  };
}

/**
 * originFix's condition: ACAO absent, or none of its values is the site's, `null` or `*`. A bare
 * `*` or `null` passes some requests as answered and fails others, and DNR cannot tell which
 * request it answers: `*` passes uncredentialed requests (a tainted one too) and fails credentialed
 * ones; `null` passes a request a cross-origin redirect tainted and fails a direct one. Both are
 * kept on the first try, so nothing that works breaks; a direct request of the site that fails
 * teaches its API origin (`learned.failedOrigins`), where failedOriginRules replaces them.
 */
export function originFixCondition(override: Override, base: DnrRuleCondition): DnrRuleCondition {
  return {
    ...base,
    excludedResponseHeaders: [
      { header: ACAO.toLowerCase(), values: ['null', '\\*', override.site] },
    ],
  };
}

/**
 * API origins where a direct request of the site failed (`learned.failedOrigins`, learnFromFailure):
 * there a bare `*` (credentials on) and a bare `null` without `Vary: Origin` (an echo's answer to a
 * tainted request says Vary) are what failed, so they are set to the site's origin. Tainted requests
 * to that origin's learned redirect targets keep getting `null` from the rule above. Not in
 * `keptTabs` (tabs holding a frame of the site's host, which may be the one answered `*`/`null`).
 */
export function failedOriginRules(
  override: Override,
  base: DnrRuleCondition,
  room: number,
): { rules: FamilyRule[][]; left: number } {
  const origins = (override.learned.failedOrigins ?? []).filter((o) => coversOrigin(override, o));
  const kept = origins.slice(Math.max(0, origins.length - Math.max(0, room)));
  const acao = ACAO.toLowerCase();
  const varies: DnrHeaderInfo = { header: 'vary', values: ['origin', '\\*'] };
  return {
    left: origins.length - kept.length,
    rules: kept.map((origin) => {
      const where = { ...base, urlFilter: `|${origin}/` };
      const group: FamilyRule[] = [
        {
          family: FAMILY.nullFix,
          rule: {
            priority: PRIORITY.nullFix,
            condition: {
              ...where,
              responseHeaders: [{ header: acao, values: ['null'] }],
              excludedResponseHeaders: [varies],
            },
            action: { type: 'modifyHeaders', responseHeaders: originFixOps(override) },
          },
        },
      ];
      if (override.credentials) {
        group.push({
          family: FAMILY.originFix,
          rule: {
            priority: PRIORITY.originFix,
            condition: {
              ...where,
              responseHeaders: [{ header: acao, values: ['\\*'] }],
              // `*, O` is originDedupe's; `*, null` stays (a tainted request's echo).
              excludedResponseHeaders: [{ header: acao, values: [override.site, 'null'] }],
            },
            action: { type: 'modifyHeaders', responseHeaders: originFixOps(override) },
          },
        });
      }
      return group;
    }),
  };
}

/**
 * Tabs where "answer preflights" is attached (`answeredTabs`): the answerer sees each request's
 * `Origin` and gives a request a cross-origin redirect tainted ACAO `null` itself (with
 * `Vary: Origin`), so there DNR may replace a bare `null` and (credentials on) `*` on every API
 * origin from the first try. One rule per target (its nullFix id): an echo's answer (`Vary:
 * Origin`), the answerer's included, stays.
 */
export function answeredTabsRule(override: Override, base: DnrRuleCondition): Omit<DnrRule, 'id'> {
  const acao = ACAO.toLowerCase();
  return {
    priority: PRIORITY.nullFix,
    condition: {
      ...base,
      responseHeaders: [
        { header: acao, values: override.credentials ? ['null', '\\*'] : ['null'] },
      ],
      excludedResponseHeaders: [
        { header: 'vary', values: ['origin', '\\*'] },
        { header: acao, values: [override.site] },
      ],
    },
    action: { type: 'modifyHeaders', responseHeaders: originFixOps(override) },
  };
}

/** What originFix does: the site's origin, and `Vary: Origin` so caches keep answers apart. */
export function originFixOps(override: Override): DnrModifyHeaderInfo[] {
  return [
    { header: ACAO, operation: 'set', value: override.site },
    { header: 'Vary', operation: 'append', value: 'Origin' },
  ];
}

/**
 * The rules of one override for one target, before ids are assigned. `keptTabs`: tabs holding a
 * frame of the site's host (frame-rules.ts), where `*` and a bare `null` are kept: the plain
 * originFix and nullFix leave them out (frame-rules.ts adds originFix's `*`-keeping variant).
 */
export function familyRules(
  override: Override,
  tabIds: number[],
  target: Target,
  conditionsSupported: boolean,
  keptTabs: readonly number[] = [],
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
    const plainTabs = tabIds.filter((id) => !keptTabs.includes(id));
    if (plainTabs.length > 0) {
      modify(
        FAMILY.originFix,
        PRIORITY.originFix,
        originFixCondition(override, { ...base, tabIds: plainTabs }),
        originFixOps(override),
      );
    }
    modify(
      FAMILY.originDedupe,
      PRIORITY.originDedupe,
      // Any ACAO with the site's origin in it: exactly `O` (a no-op), or a duplicate such as
      // `O, O`, `*, O`, `null, O`, which fails for every request: one `O` fixes it.
      { ...base, responseHeaders: [{ header: ACAO.toLowerCase(), values: [site] }] },
      [setOrigin],
    );
    foreignRules(override, base, out);
  } else {
    modify(FAMILY.originFix, PRIORITY.originFix, { ...base }, [setOrigin, vary]);
  }

  if (override.credentials) {
    modify(FAMILY.credentials, PRIORITY.credentials, { ...base }, [
      { header: 'Access-Control-Allow-Credentials', operation: 'set', value: 'true' },
    ]);
  }

  if (conditionsSupported) {
    // A list Chromium cannot parse fails whatever is appended to it: replace it (nothing passed).
    const fix = listFixRules(override, base);
    out.push({ family: FAMILY.methodsListFix, rule: fix.methods });
    out.push({ family: FAMILY.headersListFix, rule: fix.headers });
  }
  modify(
    FAMILY.preflight,
    PRIORITY.preflight,
    { ...base, requestMethods: ['options'] },
    preflightListOps(override),
  );

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
