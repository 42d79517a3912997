/**
 * Rule ids, priorities and DNR limits: every number the compiler uses, in one place (uBO "realms",
 * DuckDuckGo's rulePriorities). Ids are a pure function of (override id, API-origin index, family),
 * so the same input compiles to the same ids run after run and `diffRules` only touches what changed.
 */

/**
 * CORS Lens owns session rule ids in [RULE_ID_MIN, RULE_ID_MAX]. The reconciler removes stale ids in
 * this range only, so rules another part of the extension adds (e.g. below RULE_ID_MIN) survive.
 */
export const RULE_ID_MIN = 1_000_000;
/** Each override owns a block of ids; the block is chosen by a hash of the override id. */
export const OVERRIDE_SLOTS = 1024;
export const SLOT_STRIDE = 1024;
export const RULE_ID_MAX = RULE_ID_MIN + OVERRIDE_SLOTS * SLOT_STRIDE - 1;

/** The rule families one override compiles to, per API-origin target. See compile.ts. */
export const FAMILY = {
  /** `allow` for same-origin requests (apiOrigins 'any' only): they need no CORS headers. */
  sameOrigin: 0,
  /** Sets Access-Control-Allow-Origin (+ Vary) where it is missing or names another origin. */
  originFix: 1,
  /** Re-sets Access-Control-Allow-Origin where it already names the site: collapses duplicates. */
  originDedupe: 2,
  /** Sets Access-Control-Allow-Credentials: true. */
  credentials: 3,
  /** Preflight lists: Allow-Methods, Allow-Headers, Max-Age. */
  preflight: 4,
  /** Access-Control-Expose-Headers on actual responses. */
  expose: 5,
  /** Sets ACAO to the site where the server hard-codes `null` without `Vary: Origin`. */
  nullFix: 6,
  /** Replaces an Access-Control-Allow-Methods list Chromium cannot parse (`PUT;, DELETE`). */
  methodsListFix: 7,
  /** Replaces an Access-Control-Allow-Headers list Chromium cannot parse (`x-custom;`). */
  headersListFix: 8,
  /** `allow`: ACAO names another origin and the server varies it by Origin (another frame's answer). */
  foreignShield: 9,
  /** Above the shield: ACAO names another origin without `Vary: Origin` (hard-coded, wrong). */
  foreignFix: 10,
  /** The same for preflights, with the lists (the shield stops the preflight family below it). */
  foreignFixPreflight: 11,
  /** `allow`: ACAO names an origin on a subdomain of the site's host (a subdomain frame's answer). */
  subdomainShield: 12,
} as const;
export type RuleFamily = (typeof FAMILY)[keyof typeof FAMILY];
export const FAMILY_COUNT = 13;
/** API-origin targets one override may have: the slot must hold FAMILY_COUNT ids per target. */
export const MAX_TARGETS_PER_OVERRIDE = Math.floor(SLOT_STRIDE / FAMILY_COUNT);

/**
 * Priorities. Within one request only one override can match (a tab shows one origin, sites are
 * unique), so these only order the families of one override. DNR applies every matching
 * modifyHeaders rule above the highest matching `allow`. For one header, the highest-priority rule
 * decides: after its `set`, lower rules may only `append`; after its `append`, only `append`
 * (checked in Chromium 156, see docs/overrides.md).
 */
export const PRIORITY = {
  sameOrigin: 100,
  /** `allow` on a learned redirect target (browsers without header conditions only). */
  redirectTarget: 90,
  /**
   * ACAO `null` on a learned redirect target: above originFix, whose `set` it must beat, and above
   * the sameOrigin `allow`, for a redirect from an API back to the site.
   */
  redirectTargetOrigin: 110,
  /**
   * `allow` for the exchanges of a frame of another origin known to be in the tab (frame-rules.ts):
   * above every other family, the learned redirect targets included, so its answers stay as sent.
   */
  frameShield: 120,
  /** Above foreignShield, which stops everything below it. */
  foreignFix: 40,
  foreignShield: 35,
  originFix: 30,
  originDedupe: 30,
  nullFix: 30,
  credentials: 20,
  /** `set` a list Chromium cannot parse: above the preflight family's `append`, which still adds. */
  listFix: 15,
  preflight: 10,
  expose: 10,
} as const;

/** chrome.declarativeNetRequest.MAX_NUMBER_OF_SESSION_RULES. */
export const MAX_SESSION_RULES = 5000;
/** MAX_NUMBER_OF_REGEX_RULES (dynamic + session). */
export const MAX_REGEX_RULES = 1000;
/** MAX_NUMBER_OF_UNSAFE_SESSION_RULES (modifyHeaders and redirect rules count as unsafe). */
export const MAX_UNSAFE_SESSION_RULES = 5000;

/**
 * Rules for requests without a tab (service workers; see worker-rules.ts) take a block of their own
 * right after the tab rules', with the same slot per override.
 */
export const WORKER_RULE_ID_MIN = RULE_ID_MAX + 1;
export const WORKER_RULE_ID_MAX = WORKER_RULE_ID_MIN + OVERRIDE_SLOTS * SLOT_STRIDE - 1;

/**
 * Rules for tabs that hold a frame of another origin (frame-rules.ts) take a third block, same slot
 * per override: the existing families keep their numbers. Within a slot, index `t` (< 128) is the
 * `*`-keeping originFix variant of API target `t`, and FRAME_SHIELD_BASE + k the k-th frame's shield.
 */
export const FRAME_RULE_ID_MIN = WORKER_RULE_ID_MAX + 1;
export const FRAME_RULE_ID_MAX = FRAME_RULE_ID_MIN + OVERRIDE_SLOTS * SLOT_STRIDE - 1;
export const FRAME_SHIELD_BASE = 128;
/** Frame origins one override shields (the most recently seen are kept). */
export const MAX_FRAMES_PER_OVERRIDE = 64;

export function frameRuleId(slot: number, index: number): number {
  return FRAME_RULE_ID_MIN + slot * SLOT_STRIDE + index;
}

/** True for ids this compiler may own; the reconciler leaves every other id alone. */
export function isCorsLensRuleId(id: number): boolean {
  return (
    Number.isInteger(id) &&
    ((id >= RULE_ID_MIN && id <= RULE_ID_MAX) ||
      (id >= WORKER_RULE_ID_MIN && id <= WORKER_RULE_ID_MAX) ||
      (id >= FRAME_RULE_ID_MIN && id <= FRAME_RULE_ID_MAX))
  );
}

/** 32-bit FNV-1a: stable across runs and engines, good enough to spread slots. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Assigns each override id a slot: its hash, probing forward on collision. Ids are taken in sorted
 * order so the assignment does not depend on the order overrides are stored in.
 */
export function assignSlots(overrideIds: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of [...new Set(overrideIds)].sort()) {
    if (taken.size >= OVERRIDE_SLOTS) break;
    let slot = fnv1a(id) % OVERRIDE_SLOTS;
    while (taken.has(slot)) slot = (slot + 1) % OVERRIDE_SLOTS;
    taken.add(slot);
    slots.set(id, slot);
  }
  return slots;
}

export function ruleId(slot: number, target: number, family: RuleFamily): number {
  return RULE_ID_MIN + slot * SLOT_STRIDE + target * FAMILY_COUNT + family;
}

/** Inverse of ruleId, for the simulator and for tests. */
export function decodeRuleId(
  id: number,
): { slot: number; target: number; family: number } | undefined {
  if (!Number.isInteger(id) || id < RULE_ID_MIN || id > RULE_ID_MAX) return undefined;
  const offset = id - RULE_ID_MIN;
  const within = offset % SLOT_STRIDE;
  return {
    slot: Math.floor(offset / SLOT_STRIDE),
    target: Math.floor(within / FAMILY_COUNT),
    family: within % FAMILY_COUNT,
  };
}
