import type { Exchange, InputError } from '../../../src/cors/types.ts';
import type { StackId } from '../../../src/fixes/types.ts';
import type { Override } from '../../../src/overrides/types.ts';
import type { Capabilities } from '../../../src/protocol/messages.ts';
import {
  hasBlockedMarkField,
  type NetworkEntry,
  type PanelClient,
} from '../client/panel-client.ts';
import { analyse, statusOf } from './analysis.ts';
import {
  createLiveAssembler,
  explainConsole,
  readHarText,
  type ConsoleExplanation,
  type LiveAssembler,
} from './engine.ts';
import { ExchangeLog } from './exchange-log.ts';
import type { ExchangeRecord } from './exchange-record.ts';
import { DEFAULT_FILTERS, compileFilter, type Filters } from './filters.ts';
import { originOf } from './origins.ts';
import { relaxSite, type RelaxState } from './relax.ts';

export type Source =
  | { kind: 'live'; tabId: number; pageUrl?: string }
  | { kind: 'file'; name: string }
  | { kind: 'none' };

export interface Counts {
  /** Rows in memory, same-origin included. */
  total: number;
  crossOrigin: number;
  blocked: number;
  relaxed: number;
}

export interface PanelState {
  source: Source;
  /** Every row in memory, oldest first. Replaced, never mutated, when it changes. */
  records: readonly ExchangeRecord[];
  /** The rows the filters let through, in order. */
  visible: readonly ExchangeRecord[];
  counts: Counts;
  /** Rows dropped to keep memory bounded (the oldest go first). */
  dropped: number;
  cap: number;
  filters: Filters;
  preserveLog: boolean;
  selectedKey?: number;
  overrides: readonly Override[];
  /** Problems found reading a HAR file (reported, not thrown). */
  inputErrors: readonly InputError[];
  /** The last pasted console message and what CORS Lens makes of it. */
  consolePaste?: { text: string; result: ConsoleExplanation };
  relax: RelaxState;
  /** The stack the user last picked in the fixes; otherwise the detected one comes first. */
  preferredStack?: StackId;
  /** What this package can do (answer preflights?); undefined until the background answers. */
  capabilities?: Capabilities;
}

export interface PanelStoreOptions {
  client?: PanelClient;
  /** Rows kept in memory. */
  cap?: number;
  /** How to batch notifications: the panel passes requestAnimationFrame, tests the default. */
  schedule?: (flush: () => void) => void;
}

export type PanelStore = ReturnType<typeof createPanelStore>;

export const DEFAULT_CAP = 10_000;

/**
 * The panel's state and everything that changes it, with no DOM: components subscribe and call
 * actions; the client feeds it. Bursts of requests are batched into one notification per flush.
 */
export function createPanelStore(options: PanelStoreOptions = {}) {
  const client = options.client;
  const cap = options.cap ?? DEFAULT_CAP;
  const schedule = options.schedule ?? queueMicrotask;
  const log = new ExchangeLog(cap);
  const listeners = new Set<() => void>();
  let assembler: LiveAssembler = createLiveAssembler(undefined);
  let flushQueued = false;
  let disposers: (() => void)[] = [];

  let state: PanelState = {
    source: client?.tabId !== undefined ? { kind: 'live', tabId: client.tabId } : { kind: 'none' },
    records: [],
    visible: [],
    counts: { total: 0, crossOrigin: 0, blocked: 0, relaxed: 0 },
    dropped: 0,
    cap,
    filters: DEFAULT_FILTERS,
    preserveLog: false,
    overrides: [],
    inputErrors: [],
    relax: { kind: 'idle' },
  };

  function set(patch: Partial<PanelState>): void {
    state = { ...state, ...patch };
    requestFlush();
  }

  function requestFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    schedule(flush);
  }

  /** Folds the log's changes into the views, then notifies once. */
  function flush(): void {
    flushQueued = false;
    syncViews(false);
    for (const listener of [...listeners]) listener();
  }

  function syncViews(forceRebuild: boolean): void {
    const changes = log.takeChanges();
    const rebuild = forceRebuild || changes.rebuild;
    if (!rebuild && changes.appended.length === 0) return;
    const keep = compileFilter(state.filters);
    const records = log.all.slice();
    let visible: ExchangeRecord[];
    let counts: Counts;
    if (rebuild) {
      visible = records.filter(keep);
      counts = countAll(records);
    } else {
      visible = state.visible.concat(changes.appended.filter(keep));
      counts = addCounts(state.counts, changes.appended);
    }
    const selectedKey =
      state.selectedKey !== undefined && records.some((r) => r.key === state.selectedKey)
        ? state.selectedKey
        : undefined;
    state = { ...state, records, visible, counts, dropped: log.dropped, selectedKey };
  }

  /** `marked`: the entries carry Chromium's own blocked marks (Chromium's live capture and HAR
   * files; never Firefox's: without marks, the engine judges every row, for the count as well). */
  function ingest(exchanges: readonly Exchange[], marked: boolean): void {
    const tabId = state.source.kind === 'live' ? state.source.tabId : undefined;
    // Overrides matter only for what this tab does now, not for a file recorded elsewhere.
    const overrides = tabId === undefined ? [] : state.overrides;
    for (const exchange of exchanges) log.upsert(exchange, overrides, tabId, marked);
    requestFlush();
  }

  // While the snapshot of earlier requests loads, live entries wait here: one may be in both.
  let buffered: NetworkEntry[] | undefined;
  // Whether this browser marks its entries: Chromium marks every one (`_error`, null when it
  // passed), Firefox none. Once one entry had the field, the capture counts as marked.
  let liveMarked = false;
  const marks = (entries: readonly NetworkEntry[]) =>
    (liveMarked ||= entries.some(hasBlockedMarkField));

  function onEntry(entry: NetworkEntry): void {
    if (state.source.kind !== 'live') return;
    if (buffered) {
      // `reloadLive` is reading the address right now.
      buffered.push(entry);
      return;
    }
    ingest(assembler.add(entry), marks([entry]));
    readAddressIfUnknown();
  }

  /** Navigations DevTools reported: a page address read across one is already out of date. */
  let navigations = 0;
  let readingAddress = false;

  /**
   * The tab's address is unknown when its first read failed (the page was changing) and no
   * navigation was reported since: a request from the page means it is there now, so ask again,
   * one read at a time. Without it the Relax button could not name the site until the next
   * navigation.
   */
  function readAddressIfUnknown(): void {
    if (!client || readingAddress || state.source.kind !== 'live' || state.source.pageUrl) return;
    readingAddress = true;
    const navigationsBefore = navigations;
    void client
      .inspectedUrl()
      .then(
        (url) => {
          const source = state.source;
          if (!url || navigations !== navigationsBefore || source.kind !== 'live') return;
          if (!source.pageUrl) set({ source: { ...source, pageUrl: url } });
        },
        () => undefined,
      )
      .finally(() => (readingAddress = false));
  }

  function startOver(pageUrl: string | undefined): void {
    assembler = createLiveAssembler(originOf(pageUrl ?? '') ?? undefined);
    if (state.source.kind === 'live') set({ source: { ...state.source, pageUrl } });
  }

  const actions = {
    /** Connects to the client: the requests made so far, then live ones, navigation, overrides. */
    async start(): Promise<void> {
      if (!client) return;
      buffered = [];
      disposers.push(
        client.onRequestFinished(onEntry),
        client.onNavigated((url) => {
          navigations++;
          if (state.source.kind !== 'live') return;
          if (!state.preserveLog) actions.clear();
          startOver(url);
        }),
        client.onOverridesChanged((overrides) => set({ overrides })),
      );
      // Not awaited: only the "which package relaxes this" hint needs it.
      void client.send('getCapabilities', undefined).then(
        (capabilities) => set({ capabilities }),
        () => undefined,
      );
      // Overrides first: the requests already made are judged against them.
      const overrides = await client.send('listOverrides', undefined).catch(() => state.overrides);
      set({ overrides });
      await actions.reloadLive();
    },

    stop(): void {
      for (const dispose of disposers) dispose();
      disposers = [];
    },

    /** Rebuilds the live list from DevTools' record of the tab (also "back to live" after a file). */
    async reloadLive(): Promise<void> {
      if (!client || client.tabId === undefined) return;
      buffered ??= [];
      log.clear();
      const navigationsBefore = navigations;
      const read = await client.inspectedUrl().catch(() => undefined);
      // A navigation reported while the address was being read is newer than the answer, which is
      // then the page being left or nothing (the read fails while the page changes): keep the one
      // the navigation gave. Overwriting it left the panel without the tab's address, so its Relax
      // button could not name the site (seen when DevTools opened as the page loaded).
      const known = state.source.kind === 'live' ? state.source.pageUrl : undefined;
      const pageUrl = navigations === navigationsBefore ? (read ?? known) : known;
      set({
        source: { kind: 'live', tabId: client.tabId, pageUrl },
        inputErrors: [],
        selectedKey: undefined,
      });
      startOver(pageUrl);
      const entries = await client.getHar().catch(() => [] as NetworkEntry[]);
      const seen = new Set(entries.map(fingerprint));
      const late = (buffered ?? []).filter((entry) => !seen.has(fingerprint(entry)));
      buffered = undefined;
      const exchanges: Exchange[] = [];
      for (const entry of [...entries, ...late]) exchanges.push(...assembler.add(entry));
      ingest(exchanges, marks([...entries, ...late]));
    },

    /** Shows a HAR file instead of the live capture. */
    loadHar(name: string, text: string): void {
      const { exchanges, errors, marked } = readHarText(text);
      actions.showHar(name, { exchanges, errors, marked });
    },

    /** Shows what was read from a HAR file (whole, streamed or refused: see `open-har.ts`). */
    showHar(
      name: string,
      read: { exchanges: readonly Exchange[]; errors: readonly InputError[]; marked: boolean },
    ): void {
      log.clear();
      set({ source: { kind: 'file', name }, inputErrors: read.errors, selectedKey: undefined });
      ingest(read.exchanges, read.marked);
    },

    clear(): void {
      log.clear();
      assembler = createLiveAssembler(
        originOf(state.source.kind === 'live' ? (state.source.pageUrl ?? '') : '') ?? undefined,
      );
      set({ selectedKey: undefined });
    },

    setPreserveLog(preserveLog: boolean): void {
      set({ preserveLog });
    },

    setFilters(patch: Partial<Filters>): void {
      state = { ...state, filters: { ...state.filters, ...patch } };
      syncViews(true);
      requestFlush();
    },

    select(key: number | undefined): void {
      set({ selectedKey: key, relax: { kind: 'idle' } });
    },

    /** ↑/↓: moves within the visible rows; from nothing, ↓ starts at the top and ↑ at the bottom. */
    moveSelection(delta: number): void {
      const rows = state.visible;
      if (rows.length === 0) return;
      const at = rows.findIndex((r) => r.key === state.selectedKey);
      const next =
        at < 0
          ? delta > 0
            ? 0
            : rows.length - 1
          : Math.min(rows.length - 1, Math.max(0, at + delta));
      actions.select(rows[next]!.key);
    },

    preferStack(stack: StackId): void {
      set({ preferredStack: stack });
    },

    explainConsole(text: string): void {
      set({ consolePaste: text.trim() ? { text, result: explainConsole(text) } : undefined });
    },

    /** "Relax CORS for <site>": an override for the inspected tab, through the background. */
    async relax(record: ExchangeRecord): Promise<void> {
      if (!client || client.tabId === undefined) return;
      set({ relax: { kind: 'pending', key: record.key } });
      const result = await relaxSite(
        client,
        client.tabId,
        record,
        analyse(record),
        state.source.kind === 'live' ? state.source.pageUrl : undefined,
      );
      set({ relax: result });
    },
  };

  return {
    /** Whether there is a tab to go back to after showing a file. */
    canGoLive: client?.tabId !== undefined,
    /** Opens the panel in a tab of its own, when running inside DevTools. */
    openInTab: client?.openInTab ? () => client.openInTab!() : undefined,
    getState: (): PanelState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions,
  };
}

/** Identifies an entry seen both in the snapshot and as a live event. */
function fingerprint(entry: NetworkEntry): string {
  const e = entry as {
    startedDateTime?: unknown;
    time?: unknown;
    request?: { method?: unknown; url?: unknown };
    response?: { status?: unknown };
  };
  return JSON.stringify([
    e.startedDateTime,
    e.time,
    e.request?.method,
    e.request?.url,
    e.response?.status,
  ]);
}

function countAll(records: readonly ExchangeRecord[]): Counts {
  return addCounts({ total: 0, crossOrigin: 0, blocked: 0, relaxed: 0 }, records);
}

function addCounts(base: Counts, records: readonly ExchangeRecord[]): Counts {
  const counts = { ...base, total: base.total + records.length };
  for (const record of records) {
    if (!record.crossOrigin) continue;
    counts.crossOrigin++;
    const status = statusOf(record);
    if (status === 'blocked') counts.blocked++;
    else if (status === 'relaxed') counts.relaxed++;
  }
  return counts;
}
