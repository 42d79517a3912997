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
  /** Reads one entry; returns the exchanges it created or changed (new objects, stable ids). */
  add(entry: unknown): Exchange[];
  /** Everything so far: exchanges in arrival order, input errors, and each entry's outcome. */
  snapshot(): HarReadResult;
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
}

/** A leg that knows its chain, so candidate lists need no wrapper objects. */
interface OpenLeg extends ChainLeg {
  chain: Chain;
}

interface PendingPreflight {
  entry: EntryView;
  facts: PreflightFacts;
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

export function createHarAssembler(opts: HarReadOptions = {}): HarAssembler {
  const core = createAssemblerCore(opts);
  return {
    add: (raw) => {
      const chain = core.ingest(raw);
      return chain?.crossOrigin ? [toExchange(chain)] : [];
    },
    snapshot: core.snapshot,
  };
}

/** The assembler plus what batch reading needs: no per-entry output, and slots for damaged input. */
export interface AssemblerCore {
  /** Reads one entry; returns the chain it joined, if any. */
  ingest(raw: unknown): Chain | undefined;
  /** Takes up a slot for an entry that could not even be parsed. */
  ingestDamaged(message: string): void;
  snapshot(): HarReadResult;
}

export function createAssemblerCore(opts: HarReadOptions = {}): AssemblerCore {
  const errors = createErrorSink();
  const prefix = opts.pathPrefix ?? 'log.entries';
  const slots: Slot[] = [];
  const chains: Chain[] = [];
  /** Legs not yet paired with a preflight, by URL. */
  const openLegs = new Multimap<OpenLeg>(MAX_OPEN_PER_URL);
  /** Preflights that arrived before their request, by URL. */
  const pendingPreflights = new Multimap<PendingPreflight>(MAX_OPEN_PER_URL);
  /** Chains whose last leg is a redirect, by the URL of the next hop. */
  const awaitingHop = new Multimap<Chain>(MAX_OPEN_PER_URL);

  function ingest(raw: unknown): Chain | undefined {
    const entry = readEntry(raw, slots.length, prefix, errors);
    if (entry === undefined) {
      slots.push(ERROR);
      return undefined;
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
      pendingPreflights.add(href, { entry, facts });
      return undefined;
    }
    openLegs.remove(href, leg);
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
    if (entry.urlOrigin !== chain.initiatorOrigin) chain.crossOrigin = true;
    appendLeg(chain, entry, href);
    return chain;
  }

  function appendLeg(chain: Chain, entry: EntryView, href: string): void {
    const leg: OpenLeg = { entry, preflight: undefined, chain };
    chain.legs.push(leg);
    slots.push(chain);
    if (entry.redirectTo !== undefined) awaitingHop.add(entry.redirectTo, chain);
    if (entry.urlOrigin === chain.initiatorOrigin) return; // same-origin legs are never preflighted
    if (!adoptPendingPreflight(leg, href)) openLegs.add(href, leg);
  }

  /** A preflight that arrived before its request: take the closest one that fits. */
  function adoptPendingPreflight(leg: OpenLeg, href: string): boolean {
    const pending = pendingPreflights.best(href, (p) =>
      preflightFits(p.entry, p.facts, leg) ? distance(p.entry, leg.entry) : Infinity,
    );
    if (pending === undefined) return false;
    pendingPreflights.remove(href, pending);
    leg.preflight = pending.entry;
    slots[pending.entry.index] = leg.chain;
    return true;
  }

  return {
    ingest,
    ingestDamaged(message) {
      errors.add(`${prefix}[${slots.length}]`, message);
      slots.push(ERROR);
    },
    snapshot: () => snapshotOf(slots, chains, errors),
  };
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
  return { exchanges, errors: errors.list(), entries, skipped };
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
