/**
 * The panel's one door to the pure engine (src/): the CORS verdict, the HAR reader, the fixes, the
 * override simulation and the report. Everything the components show goes through here, so the
 * rest of the panel depends on a handful of functions rather than on the engine's module layout.
 */
import {
  diagnose,
  explainConsoleMessage,
  type ConsoleExplanation,
  type Diagnosis,
  type Exchange,
  type InputError,
  type Leg,
} from '../../../src/cors/index.ts';
import {
  createHarAssembler,
  readHar,
  readHarObject,
  type AssemblerStats,
  type HarRetention,
} from '../../../src/har/index.ts';
import { hasBlockedMarkField } from '../client/panel-client.ts';
import {
  adviceForExchange,
  curlForPreflight,
  generateFixes,
  type CurlShell,
} from '../../../src/fixes/index.ts';
import type { Fix } from '../../../src/fixes/types.ts';
import { simulate } from '../../../src/overrides/index.ts';
import type { ExchangeRecord } from './exchange-record.ts';
import { supportsResponseHeaderConditions } from '../../platform/capabilities.ts';
import { sameOriginExchange } from './same-origin.ts';

export type { ConsoleExplanation };

/** The engine's verdict (never throws), as the panel's model uses it. */
export { diagnose };

export function explainConsole(text: string): ConsoleExplanation {
  return explainConsoleMessage(text);
}

/** Live entries → exchanges, one at a time; same-origin requests become rows of their own. */
export interface LiveAssembler {
  add(entry: unknown): Exchange[];
  /** What the underlying HAR assembler holds (memory checks). */
  stats(): AssemblerStats;
}

let generation = 0;

/**
 * One assembler serves a whole page session (until navigation or Clear): it forgets finished
 * chains and preflights/hops whose pairing window closed, so memory stays bounded without ever
 * splitting a preflight or redirect hop from its request. The list's row cap is separate
 * (panel-store's DEFAULT_CAP).
 */
export const LIVE_RETENTION: Required<HarRetention> = { maxChains: 2000, maxAgeMs: 120_000 };

export function createLiveAssembler(pageOrigin: string | undefined): LiveAssembler {
  const assembler = createHarAssembler({
    ...(pageOrigin ? { pageOrigin } : {}),
    retain: LIVE_RETENTION,
  });
  // Ids are unique within one assembler; a preserved log outlives it (navigation, Clear), so the
  // prefix keeps a new request from being mistaken for an update of an old one.
  const prefix = `${++generation}:`;
  let sameOriginSeq = 0;
  return {
    add(entry) {
      const exchanges = assembler.add(entry).map((e) => ({ ...e, id: prefix + (e.id ?? '') }));
      if (exchanges.length || !pageOrigin) return exchanges;
      const own = sameOriginExchange(entry, pageOrigin, `${prefix}same-${sameOriginSeq}`);
      if (own) sameOriginSeq++;
      return own ? [own] : [];
    },
    stats: () => assembler.stats(),
  };
}

/** A HAR file → exchanges (cross-origin from the reader, same-origin ones added for the toggle). */
export function readHarText(text: string): {
  exchanges: Exchange[];
  errors: InputError[];
  /** Chrome's export marks blocked responses (`_error`); Firefox's does not. */
  marked: boolean;
} {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // Damaged or cut-off files: the reader salvages what it can and says what it dropped.
    const damaged = readHar(text);
    return { exchanges: damaged.exchanges, errors: damaged.errors, marked: false };
  }
  const result = readHarObject(root);
  const entries = rawEntries(root);
  const exchanges = [...result.exchanges];
  result.entries.forEach((outcome, i) => {
    if (outcome.kind !== 'skipped' || outcome.reason !== 'same-origin') return;
    const own = sameOriginExchange(entries[i], undefined, `same-${i}`);
    if (own) exchanges.push(own);
  });
  return { exchanges, errors: result.errors, marked: entries.some(hasBlockedMarkField) };
}

function rawEntries(root: unknown): unknown[] {
  const r = root as { log?: { entries?: unknown }; entries?: unknown } | null;
  const entries = r?.log?.entries ?? r?.entries;
  return Array.isArray(entries) ? entries : [];
}

/** The exchange as the browser received it after the record's overrides rewrote its headers. */
export function applyOverrides(record: ExchangeRecord): Exchange | undefined {
  return simulateOverrides(record);
}

const fixCache = new WeakMap<Exchange, Fix[]>();

/** Fixes for a blocked exchange, the detected stack first. Computed on demand, once. */
export function fixesFor(exchange: Exchange, diagnosis: Diagnosis): Fix[] {
  let fixes = fixCache.get(exchange);
  if (!fixes) {
    fixes = generateFixes(exchange, diagnosis);
    fixCache.set(exchange, fixes);
  }
  return fixes;
}

/** Advice beyond the code: the reason in one paragraph, and what is specific to this exchange. */
export function adviceFor(exchange: Exchange, diagnosis: Diagnosis): string[] {
  return adviceForExchange(exchange, diagnosis);
}

/** The preflight (or the request) as a curl command; undefined when there is nothing to send. */
export function curlFor(
  exchange: Exchange,
  diagnosis: Diagnosis,
  shell: CurlShell = 'posix',
): string | undefined {
  return curlForPreflight(exchange, diagnosis, shell) || undefined;
}

/**
 * Replays the overrides' rules over every response of the exchange, as the browser applied them when
 * the request was made. `undefined` when no rule changed anything.
 */
function simulateOverrides(record: ExchangeRecord): Exchange | undefined {
  const { exchange, overrides, tabId } = record;
  const options = { supportsResponseHeaderConditions: supportsResponseHeaderConditions() };
  if (tabId === undefined || !overrides.length) return undefined;
  const tab = { tabId, origin: exchange.initiatorOrigin };
  const started = exchange.startedAt ? Date.parse(exchange.startedAt) : NaN;
  const now = Number.isNaN(started) ? Date.now() : started;
  const type = exchange.initiator === 'xhr' ? 'xhr' : 'fetch';
  let changed = false;
  const legs = exchange.legs.map((leg): Leg => {
    const out: Leg = { ...leg };
    if (leg.preflight?.response) {
      const result = simulate(
        overrides,
        tab,
        { url: leg.request.url, method: 'OPTIONS', type: 'preflight' },
        leg.preflight.response,
        now,
        options,
      );
      if (result.changed) {
        changed = true;
        out.preflight = {
          ...leg.preflight,
          response: { ...leg.preflight.response, headers: result.headers },
        };
      }
    }
    if (leg.response) {
      const result = simulate(
        overrides,
        tab,
        { url: leg.request.url, method: leg.request.method, type },
        leg.response,
        now,
        options,
      );
      if (result.changed) {
        changed = true;
        out.response = { ...leg.response, headers: result.headers };
      }
    }
    return out;
  });
  return changed ? { ...exchange, legs } : undefined;
}
