/**
 * Frames of another origin inside a relaxed tab (issue 10, item 8). DNR's initiatorDomains carries
 * no port and takes subdomains in, and DNR has no frame or request-header conditions, so a frame of
 * `http://localhost:8080` or `http://evil.localhost:5173` in a tab of `http://localhost:5173` matches
 * the site's rules. The background learns which frame origins each relaxed tab holds
 * (extension/background/frame-origins.ts) and passes them in `TabInfo.frames`; for those tabs only,
 * these rules leave the frame's exchanges as the server answered:
 *
 * - a frame on a subdomain of the site's host: an `allow` on `initiatorDomains: [frame host]` above
 *   every family. The site's own host is never a subdomain of it, so nothing of the site's is lost;
 *   it needs no header conditions (Firefox too).
 * - a frame on the site's host (another port or scheme): its requests look exactly like the site's,
 *   so its answers are told by their value. An `allow` where ACAO names the frame's origin (an echo,
 *   with or without `Vary: Origin`); and `*` and a bare `null` are kept in that tab (the frame's
 *   uncredentialed requests pass with `*`, its requests a redirect tainted with an echoed `null`,
 *   and frames never teach redirect targets). The price, in that tab only and said so: a server
 *   hard-coded for the frame's origin or to `null`, and `*` to the site's credentialed requests,
 *   stay blocked there.
 *   Without header conditions neither can be told, and the note says the frame gets the site's
 *   headers.
 *
 * Ids: their own block (ids.ts, FRAME_RULE_ID_MIN), so the other families keep their numbers.
 */
import type { DnrRule } from './dnr-types.ts';
import { FRAME_SHIELD_BASE, frameRuleId, MAX_FRAMES_PER_OVERRIDE, PRIORITY } from './ids.ts';
import { originHost } from './origin.ts';
import { originFixCondition, originFixOps, scopeCondition, type Target } from './rule-families.ts';
import type { Override } from './types.ts';

/** A tab's frames, as compile.ts cleaned them (http(s) origins, most recently seen last). */
export interface TabFrames {
  tabId: number;
  frames: readonly string[];
}

export type FrameRelation = 'same-host' | 'subdomain';

/** How a frame's origin relates to the site: only these two match the site's initiatorDomains. */
export function frameRelation(site: string, frame: string): FrameRelation | undefined {
  if (frame === site) return undefined;
  const siteHost = originHost(site);
  const frameHost = originHost(frame);
  if (siteHost === '' || frameHost === '') return undefined;
  if (frameHost === siteHost) return 'same-host';
  return frameHost.endsWith(`.${siteHost}`) ? 'subdomain' : undefined;
}

export interface FrameRulesResult {
  rules: DnrRule[];
  /** Tabs holding a frame of the site's host: `*` and a bare `null` are kept there (familyRules). */
  keptTabs: number[];
  /** What the rules cannot do in a tab because of its frames, for the popup (by tab id). */
  notes: Record<number, string[]>;
  /** Frame origins left out (over MAX_FRAMES_PER_OVERRIDE): they get the site's rules. */
  left: number;
}

export function frameRules(
  override: Override,
  tabIds: readonly number[],
  tabs: readonly TabFrames[],
  targets: readonly Target[],
  conditionsSupported: boolean,
  slot: number,
): FrameRulesResult {
  const result: FrameRulesResult = { rules: [], keptTabs: [], notes: {}, left: 0 };
  // Frame (origin or host) → the override's tabs holding it; most recently seen wins the budget.
  const sameHost = new Map<string, Set<number>>();
  const subdomain = new Map<string, Set<number>>();
  const order: string[] = [];
  for (const tab of tabs) {
    if (!tabIds.includes(tab.tabId)) continue;
    for (const frame of tab.frames) {
      const relation = frameRelation(override.site, frame);
      if (relation === undefined) continue;
      const key = relation === 'same-host' ? frame : originHost(frame);
      const into = relation === 'same-host' ? sameHost : subdomain;
      const keyed = `${relation}|${key}`;
      if (!into.has(key)) order.push(keyed);
      else order.push(...order.splice(order.indexOf(keyed), 1));
      into.set(key, (into.get(key) ?? new Set()).add(tab.tabId));
    }
  }
  const kept = order.slice(Math.max(0, order.length - MAX_FRAMES_PER_OVERRIDE));
  result.left = order.length - kept.length;
  const keptSet = new Set(kept);
  const sorted = [...kept].sort();
  const scope = (ids: Iterable<number>) =>
    scopeCondition(
      override,
      [...ids].sort((a, b) => a - b),
    );
  const note = (tabId: number, text: string) => (result.notes[tabId] ??= []).push(text);

  sorted.forEach((keyed, k) => {
    const [relation, key] = keyed.split('|') as [FrameRelation, string];
    const id = frameRuleId(slot, FRAME_SHIELD_BASE + k);
    if (relation === 'subdomain') {
      const ids = subdomain.get(key)!;
      result.rules.push({
        id,
        priority: PRIORITY.frameShield,
        condition: { ...scope(ids), initiatorDomains: [key] },
        action: { type: 'allow' },
      });
      return;
    }
    const ids = sameHost.get(key)!;
    if (!conditionsSupported) {
      for (const tabId of ids) {
        note(
          tabId,
          `A frame of ${key} is open in this tab. This browser cannot tell its requests from ` +
            `${override.site}'s, so they get the same headers: answers that worked for it may be blocked.`,
        );
      }
      return;
    }
    result.rules.push({
      id,
      priority: PRIORITY.frameShield,
      condition: {
        ...scope(ids),
        // With the site's origin among the values it is a duplicate of the site's answer (which
        // fails whoever asked): originDedupe's, as in every tab.
        responseHeaders: [
          { header: 'access-control-allow-origin', values: [key], excludedValues: [override.site] },
        ],
      },
      action: { type: 'allow' },
    });
    for (const tabId of ids) {
      note(
        tabId,
        `A frame of ${key} is open in this tab, and the browser cannot tell its requests from ` +
          "this site's. To leave its answers as the server sent them, CORS Lens does not change " +
          `an Access-Control-Allow-Origin of ${key}` +
          (override.credentials ? ', "null" or "*"' : ' or "null"') +
          ' in this tab while the frame is open: here, a server hard-coded to one of them stays ' +
          'blocked for this site' +
          (override.credentials ? ' ("*" for credentialed requests).' : '.'),
      );
    }
  });

  if (conditionsSupported) {
    const star = new Set<number>();
    for (const [key, ids] of sameHost) {
      if (keptSet.has(`same-host|${key}`)) for (const id of ids) star.add(id);
    }
    result.keptTabs = [...star].sort((a, b) => a - b);
    if (result.keptTabs.length > 0) {
      targets.forEach((target, t) => {
        result.rules.push({
          id: frameRuleId(slot, t),
          priority: PRIORITY.originFix,
          condition: originFixCondition(override, {
            ...target.condition,
            ...scope(result.keptTabs),
          }),
          action: { type: 'modifyHeaders', responseHeaders: originFixOps(override) },
        });
      });
    }
  }
  return result;
}
