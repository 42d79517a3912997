/**
 * Rules for service-worker requests (tabId -1): compiled only where they are safe, and — judged by
 * Chromium's CORS check on the rewritten responses — they fix the site's worker requests without
 * changing the verdict of any other origin on the same host (DNR's initiatorDomains has no port).
 */
import { describe, expect, it } from 'vitest';
import type { CredentialsMode } from '../../../src/cors/types.ts';
import { parseAllowList } from '../../../src/cors/allow-list.ts';
import { checkAccess } from '../../../src/cors/check-access.ts';
import { compileRules, type CompileOptions } from '../../../src/overrides/compile.ts';
import { evaluateResponse } from '../../../src/overrides/dnr-engine.ts';
import type { DnrRule } from '../../../src/overrides/dnr-types.ts';
import { isCorsLensRuleId, WORKER_RULE_ID_MIN } from '../../../src/overrides/ids.ts';
import { NO_TAB_ID } from '../../../src/overrides/worker-rules.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { API, h, NOW, override, SITE } from './fixtures.ts';

const TAB = 7;
const ON: CompileOptions = { workerRequests: true };

function compile(overrides: Override[], opts: CompileOptions = ON, tabs = [SITE]) {
  return compileRules(
    overrides,
    tabs.map((origin, i) => ({ tabId: TAB + i, origin })),
    NOW,
    opts,
  );
}
const workerOnly = (rules: DnrRule[]) => rules.filter((r) => r.condition.tabIds?.includes(-1));

describe('which overrides get worker rules', () => {
  it('a site-wide override with a tab showing its site, when asked for', () => {
    const { rules, errors } = compile([override()]);
    expect(errors).toEqual([]);
    const worker = workerOnly(rules);
    expect(worker.length).toBeGreaterThan(0);
    for (const r of worker) {
      expect(r.condition.tabIds).toEqual([NO_TAB_ID]);
      expect(r.condition.initiatorDomains).toEqual(['localhost']);
      expect(r.condition.resourceTypes).toEqual(['xmlhttprequest']);
      expect(r.id).toBeGreaterThanOrEqual(WORKER_RULE_ID_MIN);
      expect(isCorsLensRuleId(r.id)).toBe(true);
    }
    // The tab rules are the same with or without worker rules.
    const tabRules = compile([override()], {}).rules;
    expect(rules.filter((r) => !worker.includes(r))).toEqual(tabRules);
  });

  it('none unless asked, for a one-tab override, without a tab, or without header conditions', () => {
    expect(workerOnly(compile([override()], {}).rules)).toEqual([]);
    expect(workerOnly(compile([override({ scope: { kind: 'tab', tabId: TAB } })]).rules)).toEqual(
      [],
    );
    expect(workerOnly(compile([override()], ON, ['http://localhost:9999']).rules)).toEqual([]);
    expect(
      workerOnly(compile([override()], { ...ON, supportsResponseHeaderConditions: false }).rules),
    ).toEqual([]);
  });

  it('none for two relaxed sites on one host: each would set its own origin on the same answers', () => {
    const other = override({ id: 'ov-2', site: 'http://localhost:8080', createdAt: NOW - 500 });
    const { rules } = compile([override(), other], ON, [SITE, 'http://localhost:8080']);
    expect(workerOnly(rules)).toEqual([]);
    const elsewhere = override({ id: 'ov-3', site: 'http://app.test:8080' });
    const both = compile([override(), elsewhere], ON, [SITE, 'http://app.test:8080']).rules;
    expect(new Set(workerOnly(both).map((r) => r.condition.initiatorDomains![0]))).toEqual(
      new Set(['localhost', 'app.test']),
    );
  });

  it('follows an explicit API-origin list, target by target', () => {
    const worker = workerOnly(
      compile([override({ apiOrigins: [API, 'http://*.api.test'] })]).rules,
    );
    expect(worker.some((r) => r.condition.urlFilter === `|${API}/`)).toBe(true);
    expect(worker.some((r) => r.condition.regexFilter?.includes('api\\.test'))).toBe(true);
    expect(worker.some((r) => r.condition.urlFilter === `|${SITE}/`)).toBe(false);
  });
});

describe('what the worker rules do to responses', () => {
  const OTHER = 'http://localhost:8080'; // same host, other port: initiatorDomains cannot tell
  const answers: Record<string, [string, string][]> = {
    'no ACAO': [],
    'ACAO site': [['Access-Control-Allow-Origin', SITE]],
    'ACAO site, site': [['Access-Control-Allow-Origin', `${SITE}, ${SITE}`]],
    'ACAO other': [['Access-Control-Allow-Origin', OTHER]],
    'ACAO other + ACAC': [
      ['Access-Control-Allow-Origin', OTHER],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    'ACAO *': [['Access-Control-Allow-Origin', '*']],
    'ACAO null': [['Access-Control-Allow-Origin', 'null']],
    'ACAO third': [['Access-Control-Allow-Origin', 'http://example.test']],
  };
  const value = (headers: { name: string; value: string }[], name: string) => {
    const v = headers.filter((x) => x.name.toLowerCase() === name).map((x) => x.value);
    return v.length ? v.join(', ') : undefined;
  };
  const verdict = (
    headers: { name: string; value: string }[],
    origin: string,
    credentials: CredentialsMode,
    method: string,
  ) => {
    const access = checkAccess({
      allowOrigin: value(headers, 'access-control-allow-origin'),
      allowCredentials: value(headers, 'access-control-allow-credentials'),
      credentials,
      origin,
    }).ok;
    if (method !== 'OPTIONS') return access;
    const methods = (value(headers, 'access-control-allow-methods') ?? '').split(/\s*,\s*/);
    return access && methods.includes('PUT');
  };

  for (const credentials of [true, false]) {
    const { rules } = compile([override({ credentials })]);
    for (const [name, raw] of Object.entries(answers)) {
      for (const method of ['GET', 'OPTIONS']) {
        for (const mode of ['include', 'same-origin'] as CredentialsMode[]) {
          const headers = raw.map(([n, v]) => h(n, v));
          const run = (initiator: string) =>
            evaluateResponse(
              rules,
              { url: `${API}/data`, method, type: 'xmlhttprequest', tabId: NO_TAB_ID, initiator },
              headers,
            ).headers;
          const label = `credentials ${credentials}, ${name}, ${method}, ${mode}`;

          it(`another origin on the host keeps its verdict: ${label}`, () => {
            expect(verdict(run(OTHER), OTHER, mode, method)).toBe(
              verdict(headers, OTHER, mode, method),
            );
          });

          it(`the site's worker: fixed where the answer is missing or its own, never broken: ${label}`, () => {
            const before = verdict(headers, SITE, mode, method);
            const after = verdict(run(SITE), SITE, mode, method);
            if (before) expect(after).toBe(true);
            const fixable =
              (name === 'no ACAO' || name.startsWith('ACAO site')) &&
              (credentials || mode !== 'include');
            if (fixable) expect(after).toBe(true);
          });
        }
      }
    }
  }

  it('a tab request is not touched by the worker rules', () => {
    const worker = workerOnly(compile([override()]).rules);
    const out = evaluateResponse(
      worker,
      { url: `${API}/data`, method: 'GET', type: 'xmlhttprequest', tabId: TAB, initiator: SITE },
      [],
    );
    expect(out.applied).toEqual([]);
  });
});

describe('malformed preflight lists on worker requests: replaced, as in the tab rules', () => {
  const OTHER = 'http://localhost:8080';
  /** Chromium's preflight check for a credentialed `PUT` with `X-Trace-Id` (lists parsed strictly). */
  const preflightPasses = (headers: { name: string; value: string }[], origin: string) => {
    const value = (name: string) => {
      const v = headers.filter((x) => x.name.toLowerCase() === name).map((x) => x.value);
      return v.length ? v.join(', ') : undefined;
    };
    const access = checkAccess({
      allowOrigin: value('access-control-allow-origin'),
      allowCredentials: value('access-control-allow-credentials'),
      credentials: 'include',
      origin,
    }).ok;
    const methods = parseAllowList(value('access-control-allow-methods'));
    const names = parseAllowList(value('access-control-allow-headers'), true);
    return (
      access &&
      methods.ok &&
      methods.items.includes('PUT') &&
      names.ok &&
      names.items.includes('x-trace-id')
    );
  };
  const lists: Record<string, [string, string][]> = {
    'methods `PUT;, DELETE`': [['Access-Control-Allow-Methods', 'PUT;, DELETE']],
    'headers `x-custom;`': [['Access-Control-Allow-Headers', 'x-custom;']],
    'both malformed': [
      ['Access-Control-Allow-Methods', 'PUT;, DELETE'],
      ['Access-Control-Allow-Headers', 'x-custom;'],
    ],
    'space-separated methods': [['Access-Control-Allow-Methods', 'GET POST PUT']],
    'a quoted header name': [['Access-Control-Allow-Headers', '"x-trace-id"']],
  };
  const origins: Record<string, [string, string][]> = {
    'no ACAO': [],
    'ACAO site': [['Access-Control-Allow-Origin', SITE]],
    'ACAO other': [['Access-Control-Allow-Origin', OTHER]],
    'ACAO *': [['Access-Control-Allow-Origin', '*']],
  };
  const override_ = override({ learned: { methods: [], requestHeaders: ['x-trace-id'] } });
  const worker = workerOnly(compile([override_]).rules);
  const run = (headers: { name: string; value: string }[], initiator: string) =>
    evaluateResponse(
      worker,
      {
        url: `${API}/data`,
        method: 'OPTIONS',
        type: 'xmlhttprequest',
        tabId: NO_TAB_ID,
        initiator,
      },
      headers,
    ).headers;

  for (const [listName, listHeaders] of Object.entries(lists)) {
    for (const [originName, originHeaders] of Object.entries(origins)) {
      const headers = [...originHeaders, ...listHeaders].map(([n, v]) => h(n, v));
      const label = `${listName}, ${originName}`;
      it(`the site's worker preflight passes where the answer is missing or its own: ${label}`, () => {
        // Before: the malformed list fails the preflight whatever the origin answer.
        expect(preflightPasses(headers, SITE)).toBe(false);
        const fixable = originName === 'no ACAO' || originName === 'ACAO site';
        expect(preflightPasses(run(headers, SITE), SITE)).toBe(fixable);
      });
      it(`another origin on the host keeps its verdict: ${label}`, () => {
        expect(preflightPasses(run(headers, OTHER), OTHER)).toBe(preflightPasses(headers, OTHER));
      });
    }
  }

  it('a well-formed list is appended to, not replaced: what the server allowed stays allowed', () => {
    const headers = [h('Access-Control-Allow-Methods', 'PROPFIND')];
    const out = run(headers, SITE);
    const methods = parseAllowList(
      out
        .filter((x) => x.name.toLowerCase() === 'access-control-allow-methods')
        .map((x) => x.value)
        .join(', '),
    );
    expect(methods.ok && methods.items.includes('PROPFIND') && methods.items.includes('PUT')).toBe(
      true,
    );
  });

  it('uses the same list-fix rules as the tab rules, scoped to worker requests', () => {
    const { rules } = compile([override_]);
    const fixOf = (rs: DnrRule[]) =>
      rs
        .filter((r) =>
          r.condition.responseHeaders?.some((c) => /allow-(methods|headers)/.test(c.header)),
        )
        .map((r) => ({ priority: r.priority, action: r.action }));
    const tab = rules.filter((r) => !r.condition.tabIds?.includes(NO_TAB_ID));
    expect(fixOf(worker)).toEqual(fixOf(tab));
    expect(fixOf(worker)).toHaveLength(2);
  });
});
