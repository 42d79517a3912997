import type { Exchange, Initiator, RequestMode } from '../cors/types.ts';
import { initiatorOriginOf, preflightFacts, requestKind, type PreflightFacts } from './classify.ts';
import { createErrorSink, type ErrorSink } from './error-sink.ts';
import { toExchange, type ChainLeg } from './materialize.ts';
import { Multimap } from './multimap.ts';
import { httpOriginOf } from './origin.ts';
import { readEntry, type EntryView } from './read-entry.ts';
import { equalsLowerAscii } from './read-headers.ts';
import {
  SKIP_REASONS,
  type EntryOutcome,
  type HarReadOptions,
  type HarReadResult,
  type SkipReason,
} from './types.ts';

/**
 * Folds HAR entries into exchanges as they arrive, in any order a browser delivers them:
 * - a preflight pairs with the leg it served (same URL, same Origin, method = its
 *   Access-Control-Request-Method, closest in time), whether it arrives before or after that leg;
 * - a 3xx entry waits for the next hop to its target, which becomes the exchange's next leg;
 * - a chain whose hops all stay on the page's origin is skipped as same-origin, but only once it
 *   is known not to redirect elsewhere.
 */
export interface HarAssembler {
  /**
   * Reads one entry; returns the exchanges it created or changed (new objects). Ids are stable and
   * unique for the assembler's lifetime, pruning or not: an id seen again is an update.
   */
  add(entry: unknown): Exchange[];
  /**
   * Without pruning: everything so far (exchanges in arrival order, input errors, each entry's
   * outcome), exactly what `harEntriesToExchanges` gives for the same entries.
   * After pruning: only the retained window. `entries` starts at input entry `firstEntry` and
   * `skipped` counts those entries; `exchanges` are the chains still held, so an outcome there may
   * name an exchange already forgotten (a forgotten exchange was final: its last `add` result is its
   * final state); `errors` stay cumulative (capped at MAX_LISTED_ERRORS).
   */
  snapshot(): HarReadResult;
  /**
   * Forgets what can no longer be joined (see `HarRetention`); `nowMs` defaults to the input's own
   * clock (the latest end time of any entry). Runs by itself every few entries when `retain` is set.
   */
  prune(nowMs?: number): void;
  /** How much the assembler holds: for tests and memory checks. */
  stats(): AssemblerStats;
}

export interface AssemblerStats {
  /** Entries read so far (the next entry's index). */
  entriesRead: number;
  /** Entries whose outcome is still held (`snapshot().entries.length`). */
  entriesHeld: number;
  /** Chains held, finished or not. */
  chains: number;
  /** Legs that could still receive a late preflight. */
  openLegs: number;
  /** Preflights waiting for their request. */
  pendingPreflights: number;
  /** Chains whose last hop is a redirect, waiting for the next hop. */
  awaitingHop: number;
}

export interface Chain {
  id: string;
  initiatorOrigin: string;
  mode: RequestMode;
  initiator: Initiator | undefined;
  legs: OpenLeg[];
  /** Any hop left the page's origin: only such chains are exchanges. */
  crossOrigin: boolean;
  /** Shared by every entry of the chain in snapshots. */
  outcome: EntryOutcome | undefined;
  /** Lowest input index among the chain's entries (its preflights included). */
  firstIndex: number;
  /** The chain is in `awaitingHop`. */
  awaiting: boolean;
}

/** A leg that knows its chain, so candidate lists need no wrapper objects. */
interface OpenLeg extends ChainLeg {
  chain: Chain;
  /** The leg is in `openLegs`, waiting for a preflight that may come after it. */
  open: boolean;
}

interface PendingPreflight {
  entry: EntryView;
  facts: PreflightFacts;
  /** Adopted by a leg or given up on: no longer in `pendingPreflights`. */
  settled: boolean;
}

/** What became of an entry so far: its chain, a skip reason, or one of two markers. */
type Slot = Chain | SkipReason | typeof ERROR | typeof WAITING_PREFLIGHT;
const ERROR = '#error';
const WAITING_PREFLIGHT = '#preflight';

/** Clocks and HAR timings are coarse: allow this much either side when matching by time. */
const SLACK_MS = 2000;
/** The next hop starts right after the 3xx; allow for a slow client. */
const REDIRECT_SLACK_MS = 10_000;
/** Candidates kept per URL; a preflight is never hundreds of requests away from its request. */
const MAX_OPEN_PER_URL = 256;

/**
 * How long a live assembler keeps what might still be joined. Something is forgotten once its
 * pairing window (the reader's own `SLACK_MS` / `REDIRECT_SLACK_MS` rules) closed more than
 * `maxAgeMs` ago by the input's clock, or when more than `maxChains` chains and waiting preflights
 * are held (oldest first). Finished chains (no redirect pending, no leg that could still get its
 * preflight) are forgotten at the next prune.
 */
export interface HarRetention {
  /**
   * Chains plus waiting preflights held at most (between prunes, up to `PRUNE_EVERY` more). The
   * outcomes of the last `4 × maxChains` entries at most are held for `snapshot()`.
   */
  maxChains?: number;
  /**
   * Grace after a pairing window closes, for entries that arrive late: a request's entry only
   * arrives when it ends, so this is also the longest request whose early preflight still pairs.
   */
  maxAgeMs?: number;
}

export const DEFAULT_RETENTION: Required<HarRetention> = { maxChains: 2000, maxAgeMs: 120_000 };
/** With `retain`, `add` prunes every this many entries: cost per entry stays constant. */
export const PRUNE_EVERY = 256;

export interface HarAssemblerOptions extends HarReadOptions {
  /** Forget what can no longer be joined, to bound memory over a long live session. */
  retain?: HarRetention;
}

export function createHarAssembler(opts: HarAssemblerOptions = {}): HarAssembler {
  const core = createAssemblerCore(opts);
  const retain = opts.retain;
  let sincePrune = 0;
  return {
    add: (raw) => {
      const chain = core.ingest(raw);
      const out = chain?.crossOrigin ? [toExchange(chain)] : [];
      if (retain !== undefined && ++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        core.prune(undefined, retain);
      }
      return out;
    },
    snapshot: core.snapshot,
    prune: (nowMs) => core.prune(nowMs, retain ?? {}),
    stats: core.stats,
  };
}

/** The assembler plus what batch reading needs: no per-entry output, and slots for damaged input. */
export interface AssemblerCore {
  /** Reads one entry; returns the chain it joined, if any. */
  ingest(raw: unknown): Chain | undefined;
  /** Takes up a slot for an entry that could not even be parsed. */
  ingestDamaged(message: string): void;
  snapshot(): HarReadResult;
  prune(nowMs: number | undefined, retain: HarRetention): void;
  stats(): AssemblerStats;
  /** Skip counts of every entry read, forgotten ones included (snapshots count only what is held). */
  skippedTotal(): Record<SkipReason, number>;
}

export interface AssemblerCoreHooks {
  /**
   * A chain leaves the assembler: nothing can join it any more, so its exchange is final. Every
   * chain passes here exactly once when pruned (or at `forgetAll`, for a streaming reader's end).
   */
  onForget?(chain: Chain): void;
}

export function createAssemblerCore(
  opts: HarReadOptions = {},
  hooks: AssemblerCoreHooks = {},
): AssemblerCore {
  const errors = createErrorSink();
  const prefix = opts.pathPrefix ?? 'log.entries';
  /** `slots[i]` is what became of entry `base + i`; pruning moves `base` forward. */
  let slots: Slot[] = [];
  let base = 0;
  /** Chains in arrival order (only those still held, once pruned). */
  let chains: Chain[] = [];
  /** Preflights that arrived before their request, in arrival order; settled ones until a prune. */
  let pendingList: PendingPreflight[] = [];
  /** The input's clock: the latest end time of any entry read, for pruning. */
  let clockMs = -Infinity;
  /** Legs not yet paired with a preflight, by URL. */
  const openLegs = new Multimap<OpenLeg>(MAX_OPEN_PER_URL);
  /** Preflights that arrived before their request, by URL. */
  const pendingPreflights = new Multimap<PendingPreflight>(MAX_OPEN_PER_URL);
  /** Chains whose last leg is a redirect, by the URL of the next hop. */
  const awaitingHop = new Multimap<Chain>(MAX_OPEN_PER_URL);
  /** Skip counts of the entries whose slots pruning dropped. */
  const forgottenSkips = zeroSkips();

  function ingest(raw: unknown): Chain | undefined {
    const entry = readEntry(raw, base + slots.length, prefix, errors);
    if (entry === undefined) {
      slots.push(ERROR);
      return undefined;
    }
    if (entry.startMs !== undefined) {
      const end = entry.startMs + (entry.timeMs ?? 0);
      if (end > clockMs) clockMs = end;
    }
    if (entry.scheme !== 'http' || entry.href === null) {
      slots.push('unsupported-scheme');
      return undefined;
    }
    const facts = preflightFacts(entry);
    if (facts) return ingestPreflight(entry, facts, entry.href);
    return ingestRequest(entry, entry.href);
  }

  function ingestPreflight(
    entry: EntryView,
    facts: PreflightFacts,
    href: string,
  ): Chain | undefined {
    const leg = openLegs.best(href, (open) =>
      preflightFits(entry, facts, open) ? distance(entry, open.entry) : Infinity,
    );
    if (leg === undefined) {
      slots.push(WAITING_PREFLIGHT);
      const pending: PendingPreflight = { entry, facts, settled: false };
      pendingPreflights.add(href, pending);
      pendingList.push(pending);
      return undefined;
    }
    openLegs.remove(href, leg);
    leg.open = false;
    leg.preflight = entry;
    slots.push(leg.chain);
    return leg.chain;
  }

  function ingestRequest(entry: EntryView, href: string): Chain | undefined {
    const kind = requestKind(entry);
    if (kind.kind === 'navigation') {
      slots.push('navigation');
      return undefined;
    }
    const continued = kind.kind === 'cors' ? continueChain(entry, href) : undefined;
    if (continued) return continued;

    const initiatorOrigin = initiatorOriginOf(entry, opts);
    // A same-origin request redirected elsewhere is a CORS request from that hop on, even when the
    // browser refused the hop (userinfo in Location) and no entry for it ever arrives.
    const crossOrigin =
      initiatorOrigin === undefined ||
      entry.urlOrigin !== initiatorOrigin ||
      (entry.redirectTo !== undefined && httpOriginOf(entry.redirectTo) !== initiatorOrigin);
    if (!crossOrigin && entry.redirectTo === undefined) {
      slots.push('same-origin');
      return undefined;
    }
    if (kind.kind === 'not-cors') {
      slots.push('not-cors');
      return undefined;
    }
    if (initiatorOrigin === undefined) {
      slots.push('unknown-initiator');
      return undefined;
    }
    const chain: Chain = {
      id: String(entry.index),
      initiatorOrigin,
      mode: kind.mode,
      initiator: kind.initiator,
      legs: [],
      crossOrigin,
      outcome: undefined,
      firstIndex: entry.index,
      awaiting: false,
    };
    chains.push(chain);
    appendLeg(chain, entry, href);
    return chain;
  }

  /** Attaches the entry as the next hop of a chain waiting for its URL, if there is one. */
  function continueChain(entry: EntryView, href: string): Chain | undefined {
    const sentOrigin = originHeader(entry);
    const chain = awaitingHop.first(href, (waiting) => {
      const previous = waiting.legs[waiting.legs.length - 1]!.entry;
      if (!hopFits(previous, entry)) return false;
      // After a cross-origin hop the browser sends `Origin: null`; any other origin is someone else.
      return (
        sentOrigin === undefined || sentOrigin === 'null' || sentOrigin === waiting.initiatorOrigin
      );
    });
    if (chain === undefined) return undefined;
    awaitingHop.remove(href, chain);
    chain.awaiting = false;
    if (entry.urlOrigin !== chain.initiatorOrigin) chain.crossOrigin = true;
    appendLeg(chain, entry, href);
    return chain;
  }

  function appendLeg(chain: Chain, entry: EntryView, href: string): void {
    const leg: OpenLeg = { entry, preflight: undefined, chain, open: false };
    chain.legs.push(leg);
    slots.push(chain);
    if (entry.redirectTo !== undefined) {
      awaitingHop.add(entry.redirectTo, chain);
      chain.awaiting = true;
    }
    if (entry.urlOrigin === chain.initiatorOrigin) return; // same-origin legs are never preflighted
    if (!adoptPendingPreflight(leg, href)) {
      openLegs.add(href, leg);
      leg.open = true;
    }
  }

  /** A preflight that arrived before its request: take the closest one that fits. */
  function adoptPendingPreflight(leg: OpenLeg, href: string): boolean {
    const pending = pendingPreflights.best(href, (p) =>
      preflightFits(p.entry, p.facts, leg) ? distance(p.entry, leg.entry) : Infinity,
    );
    if (pending === undefined) return false;
    pendingPreflights.remove(href, pending);
    pending.settled = true;
    leg.preflight = pending.entry;
    slots[pending.entry.index - base] = leg.chain;
    if (pending.entry.index < leg.chain.firstIndex) leg.chain.firstIndex = pending.entry.index;
    return true;
  }

  /** Drops what can no longer be joined; O(what is held), so callers run it every so many entries. */
  function prune(nowMs: number | undefined, retain: HarRetention): void {
    const maxChains = Math.max(1, retain.maxChains ?? DEFAULT_RETENTION.maxChains);
    const maxAgeMs = Math.max(0, retain.maxAgeMs ?? DEFAULT_RETENTION.maxAgeMs);
    const now = nowMs ?? clockMs;
    const read = base + slots.length;
    // Anything whose entries fall out of the last `4 × maxChains` goes, so the window is bounded
    // even when entries have no times to age by.
    const oldestIndex = read - 4 * maxChains;
    const stale = (deadline: number | undefined, index: number): boolean =>
      index < oldestIndex || (deadline !== undefined && now - deadline > maxAgeMs);

    const heldPending: PendingPreflight[] = [];
    for (const p of pendingList) {
      if (p.settled) continue;
      if (stale(pendingDeadline(p.entry), p.entry.index)) dropPending(p);
      else heldPending.push(p);
    }
    const held: Chain[] = [];
    for (const chain of chains) {
      if (chain.awaiting && stale(hopDeadline(chain), chain.firstIndex)) dropAwaiting(chain);
      let open = false;
      for (const leg of chain.legs) {
        if (!leg.open) continue;
        if (stale(openLegDeadline(leg.entry), chain.firstIndex)) dropOpenLeg(leg);
        else open = true;
      }
      if (chain.awaiting || open) held.push(chain);
      else hooks.onForget?.(chain);
    }
    // Over the count: the oldest go first, chains and preflights alike.
    let excess = held.length + heldPending.length - maxChains;
    let c = 0;
    let p = 0;
    while (excess-- > 0) {
      const chain = held[c];
      const pending = heldPending[p];
      if (
        chain !== undefined &&
        (pending === undefined || chain.firstIndex < pending.entry.index)
      ) {
        release(chain);
        hooks.onForget?.(chain);
        c++;
      } else if (pending !== undefined) {
        dropPending(pending);
        p++;
      }
    }
    chains = held.slice(c);
    pendingList = heldPending.slice(p);

    let first = read;
    for (const chain of chains) if (chain.firstIndex < first) first = chain.firstIndex;
    if (pendingList.length > 0) first = Math.min(first, pendingList[0]!.entry.index);
    if (first > base) {
      for (let i = 0; i < first - base; i++) {
        const reason = skipReasonOf(slots[i]!);
        if (reason !== undefined) forgottenSkips[reason]++;
      }
      slots = slots.slice(first - base);
      base = first;
    }
  }

  function dropPending(p: PendingPreflight): void {
    pendingPreflights.remove(p.entry.href!, p);
    p.settled = true;
  }

  function dropAwaiting(chain: Chain): void {
    awaitingHop.remove(chain.legs[chain.legs.length - 1]!.entry.redirectTo!, chain);
    chain.awaiting = false;
  }

  function dropOpenLeg(leg: OpenLeg): void {
    openLegs.remove(leg.entry.href!, leg);
    leg.open = false;
  }

  function release(chain: Chain): void {
    if (chain.awaiting) dropAwaiting(chain);
    for (const leg of chain.legs) if (leg.open) dropOpenLeg(leg);
  }

  return {
    ingest,
    ingestDamaged(message) {
      errors.add(`${prefix}[${base + slots.length}]`, message);
      slots.push(ERROR);
    },
    snapshot: () => {
      const result = snapshotOf(slots, chains, errors);
      if (base > 0) result.firstEntry = base;
      return result;
    },
    prune,
    skippedTotal: () => {
      const total = zeroSkips();
      for (const r of SKIP_REASONS) total[r] = forgottenSkips[r];
      for (const slot of slots) {
        const reason = skipReasonOf(slot);
        if (reason !== undefined) total[reason]++;
      }
      return total;
    },
    stats: () => {
      let openLegCount = 0;
      let awaiting = 0;
      for (const chain of chains) {
        if (chain.awaiting) awaiting++;
        for (const leg of chain.legs) if (leg.open) openLegCount++;
      }
      let pending = 0;
      for (const p of pendingList) if (!p.settled) pending++;
      return {
        entriesRead: base + slots.length,
        entriesHeld: slots.length,
        chains: chains.length,
        openLegs: openLegCount,
        pendingPreflights: pending,
        awaitingHop: awaiting,
      };
    },
  };
}

/*
 * The latest start time a partner could have and still pair, by the rules in `preflightFits` and
 * `hopFits`; `undefined` when the entry has no time (then only the count bound forgets it).
 */

/** A waiting preflight pairs with a request starting up to SLACK_MS after the preflight ended. */
function pendingDeadline(preflight: EntryView): number | undefined {
  if (preflight.startMs === undefined) return undefined;
  return preflight.startMs + (preflight.timeMs ?? 0) + SLACK_MS;
}

/** A late preflight pairs with a leg when it started up to SLACK_MS after the leg ended. */
function openLegDeadline(leg: EntryView): number | undefined {
  if (leg.startMs === undefined) return undefined;
  return leg.startMs + (leg.timeMs ?? 0) + SLACK_MS;
}

/** The next hop starts up to REDIRECT_SLACK_MS after the 3xx ended. */
function hopDeadline(chain: Chain): number | undefined {
  const last = chain.legs[chain.legs.length - 1]!.entry;
  if (last.startMs === undefined) return undefined;
  return last.startMs + (last.timeMs ?? 0) + REDIRECT_SLACK_MS;
}

function preflightFits(entry: EntryView, facts: PreflightFacts, open: OpenLeg): boolean {
  const leg = open.entry;
  if (facts.requestMethod !== undefined && !sameMethod(facts.requestMethod, leg.method)) {
    return false;
  }
  if (facts.origin !== undefined) {
    // Chromium leaves Origin out of "provisional" headers; the chain's origin stands in for it on
    // the first hop. Later hops may carry `null`, so without a header anything goes there.
    const sent =
      originHeader(leg) ?? (open.chain.legs[0] === open ? open.chain.initiatorOrigin : undefined);
    if (sent !== undefined && sent !== facts.origin) return false;
  }
  if (entry.startMs === undefined || leg.startMs === undefined) return true;
  // Chromium starts the preflight after the request (inside its time); Firefox just before it.
  return (
    entry.startMs >= leg.startMs - (entry.timeMs ?? 0) - SLACK_MS &&
    entry.startMs <= leg.startMs + (leg.timeMs ?? 0) + SLACK_MS
  );
}

const ERROR_OUTCOME: EntryOutcome = { kind: 'error' };

function zeroSkips(): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
}

/** Why the entry in this slot is skipped, if it is (as `snapshotOf` counts it). */
function skipReasonOf(slot: Slot): SkipReason | undefined {
  if (typeof slot !== 'string') return slot.crossOrigin ? undefined : 'same-origin';
  if (slot === ERROR) return undefined;
  if (slot === WAITING_PREFLIGHT) return 'unpaired-preflight';
  return slot;
}

function snapshotOf(
  slots: readonly Slot[],
  chains: readonly Chain[],
  errors: ErrorSink,
): HarReadResult {
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const skipOutcomes = new Map<string, EntryOutcome>();
  const skip = (reason: SkipReason): EntryOutcome => {
    skipped[reason]++;
    let outcome = skipOutcomes.get(reason);
    if (!outcome) skipOutcomes.set(reason, (outcome = { kind: 'skipped', reason }));
    return outcome;
  };
  const entries = new Array<EntryOutcome>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (typeof slot !== 'string') {
      if (!slot.crossOrigin) entries[i] = skip('same-origin');
      else entries[i] = slot.outcome ??= { kind: 'exchange', exchangeId: slot.id };
    } else if (slot === ERROR) entries[i] = ERROR_OUTCOME;
    else if (slot === WAITING_PREFLIGHT) entries[i] = skip('unpaired-preflight');
    else entries[i] = skip(slot);
  }
  const exchanges: Exchange[] = [];
  for (const chain of chains) if (chain.crossOrigin) exchanges.push(toExchange(chain));
  return { exchanges, errors: errors.list(), errorCount: errors.count(), entries, skipped };
}

function originHeader(entry: EntryView): string | undefined {
  for (const h of entry.requestHeaders) {
    if (equalsLowerAscii(h.name, 'origin')) return h.value.trim();
  }
  return undefined;
}

function sameMethod(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toUpperCase() === b.toUpperCase());
}

function hopFits(previous: EntryView, next: EntryView): boolean {
  if (previous.startMs === undefined || next.startMs === undefined) return true;
  return (
    next.startMs >= previous.startMs - SLACK_MS &&
    next.startMs <= previous.startMs + (previous.timeMs ?? 0) + REDIRECT_SLACK_MS
  );
}

/** Closeness of two entries: by time when both have one, else (much larger) by position. */
function distance(preflight: EntryView, leg: EntryView): number {
  if (preflight.startMs !== undefined && leg.startMs !== undefined) {
    // On a tie, the pair where the preflight came first wins, as browsers send it first.
    return Math.abs(preflight.startMs - leg.startMs) + (preflight.index > leg.index ? 0.001 : 0);
  }
  return 1e15 + Math.abs(preflight.index - leg.index);
}
