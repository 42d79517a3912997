// Per-tab frame shields (src/overrides/frame-rules.ts): which frames count, what each tab gets,
// ids in their own block, limits, bad input, and the browser without header conditions.
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/overrides/compile.ts';
import { frameRelation } from '../../../src/overrides/frame-rules.ts';
import {
  FRAME_RULE_ID_MAX,
  FRAME_RULE_ID_MIN,
  isCorsLensRuleId,
  MAX_FRAMES_PER_OVERRIDE,
  PRIORITY,
} from '../../../src/overrides/ids.ts';
import { simulate } from '../../../src/overrides/simulate.ts';
import { API, h, NOW, override, SITE } from './fixtures.ts';

const inFrameBlock = (id: number) => id >= FRAME_RULE_ID_MIN && id <= FRAME_RULE_ID_MAX;

describe('frameRelation', () => {
  it('names only frames that match the site’s initiatorDomains', () => {
    expect(frameRelation(SITE, 'http://localhost:8080')).toBe('same-host');
    expect(frameRelation(SITE, 'https://localhost:5173')).toBe('same-host');
    expect(frameRelation(SITE, 'http://evil.localhost:5173')).toBe('subdomain');
    expect(frameRelation(SITE, 'http://a.b.localhost')).toBe('subdomain');
    expect(frameRelation(SITE, SITE)).toBeUndefined();
    expect(frameRelation(SITE, 'http://notlocalhost:5173')).toBeUndefined();
    expect(frameRelation('http://app.localhost:5173', 'http://localhost:5173')).toBeUndefined();
    expect(frameRelation('http://127.0.0.1:5173', 'http://127.0.0.1:8080')).toBe('same-host');
    expect(frameRelation('http://[::1]:5173', 'http://[::1]:8080')).toBe('same-host');
  });
});

describe('compileRules with frames', () => {
  const tabs = [
    { tabId: 1, origin: SITE, frames: ['http://localhost:8080', 'http://evil.localhost:5173'] },
    { tabId: 2, origin: SITE },
  ];

  it('adds shields in their own id block for the tabs that hold the frames only', () => {
    const plain = compileRules([override()], [tabs[1]!], NOW);
    const { rules, errors, stats } = compileRules([override()], tabs, NOW);
    expect(errors).toEqual([]);
    const framed = rules.filter((r) => inFrameBlock(r.id));
    expect(framed.every((r) => isCorsLensRuleId(r.id))).toBe(true);
    // Two shields (port frame by ACAO value, subdomain by initiator) + originFix keeping `*`.
    expect(framed).toHaveLength(3);
    for (const r of framed) expect(r.condition.tabIds).toEqual([1]);
    const sub = framed.find((r) => r.condition.initiatorDomains?.[0] === 'evil.localhost');
    expect(sub).toMatchObject({ priority: PRIORITY.frameShield, action: { type: 'allow' } });
    const byValue = framed.find((r) => r.condition.responseHeaders !== undefined);
    expect(byValue?.condition.responseHeaders).toEqual([
      {
        header: 'access-control-allow-origin',
        values: ['http://localhost:8080'],
        excludedValues: [SITE],
      },
    ]);
    // The other rules are the plain ones, with tab 1 left out of originFix and nullFix only.
    expect(rules.length).toBe(plain.rules.length + 3);
    expect(stats.byOverride['ov-1']).toHaveLength(rules.length);
    expect(Object.keys(stats.frameNotes)).toEqual(['1']);
  });

  it('the same answers: the frame keeps its own, the site gets its fix, the other tab as before', () => {
    // The API origin already failed a request of the site: bare `*` and `null` are replaced there.
    const failed = override({
      learned: { methods: [], requestHeaders: [], failedOrigins: [new URL(API).origin] },
    });
    const respond = (tabId: number, initiator: string, acao: string) =>
      simulate(
        [failed],
        tabs[tabId - 1]!,
        { url: `${API}/x`, method: 'GET', type: 'fetch', initiator },
        { status: 200, headers: [h('Access-Control-Allow-Origin', acao)] },
        NOW,
      ).headers.find((x) => x.name.toLowerCase() === 'access-control-allow-origin')?.value;
    expect(respond(1, 'http://localhost:8080', 'http://localhost:8080')).toBe(
      'http://localhost:8080',
    );
    expect(respond(1, 'http://localhost:8080', '*')).toBe('*');
    expect(respond(1, 'http://localhost:8080', 'null')).toBe('null');
    expect(respond(1, SITE, 'http://localhost:9999')).toBe(SITE);
    // A duplicate naming the site too is the site's (broken) answer: collapsed as in every tab.
    expect(respond(1, SITE, `http://localhost:8080, ${SITE}`)).toBe(SITE);
    expect(respond(2, 'http://localhost:8080', 'http://localhost:8080')).toBe(SITE);
    expect(respond(2, SITE, '*')).toBe(SITE);
    expect(respond(2, SITE, 'null')).toBe(SITE);
  });

  it('ignores bad frame input and frames that never match', () => {
    const raw = [
      {
        tabId: 1,
        origin: SITE,
        frames: [42, 'about:blank', 'data:text/html,x', 'http://example.test', SITE, null],
      },
    ];
    const { rules, errors } = compileRules([override()], raw as never, NOW);
    expect(errors).toEqual([]);
    expect(rules.filter((r) => inFrameBlock(r.id))).toEqual([]);
    const notArray = compileRules(
      [override()],
      [{ tabId: 1, origin: SITE, frames: 'x' }] as never,
      NOW,
    );
    expect(notArray.errors).toEqual([]);
  });

  it('keeps the most recently seen frames when there are too many, and says so', () => {
    const many = Array.from(
      { length: MAX_FRAMES_PER_OVERRIDE + 3 },
      (_, i) => `http://f${i}.localhost:5173`,
    );
    const { rules, stats } = compileRules(
      [override()],
      [{ tabId: 1, origin: SITE, frames: many }],
      NOW,
    );
    const shields = rules.filter((r) => r.priority === PRIORITY.frameShield);
    expect(shields).toHaveLength(MAX_FRAMES_PER_OVERRIDE);
    expect(shields.some((r) => r.condition.initiatorDomains?.[0] === 'f0.localhost')).toBe(false);
    expect(shields.some((r) => r.condition.initiatorDomains?.[0] === 'f66.localhost')).toBe(true);
    expect(stats.warnings.join(' ')).toContain('3 frame origins');
  });

  it('without header conditions: subdomain frames shielded, a same-host frame only noted', () => {
    const { rules, stats } = compileRules([override()], tabs, NOW, {
      supportsResponseHeaderConditions: false,
    });
    const framed = rules.filter((r) => inFrameBlock(r.id));
    expect(framed).toHaveLength(1);
    expect(framed[0]!.condition.initiatorDomains).toEqual(['evil.localhost']);
    expect(stats.frameNotes[1]?.join(' ')).toContain('cannot tell its requests');
  });

  it('an explicit API list: the `*`-keeping originFix exists per API target', () => {
    const o = override({ apiOrigins: [API, 'http://127.0.0.1:4000'] });
    const { rules } = compileRules([o], tabs, NOW);
    const variants = rules.filter((r) => inFrameBlock(r.id) && r.action.type === 'modifyHeaders');
    expect(variants.map((r) => r.condition.urlFilter).sort()).toEqual([
      '|http://127.0.0.1:4000/',
      `|${API}/`,
    ]);
  });
});
