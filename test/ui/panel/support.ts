// Realistic input for the panel's tests: Chromium-shaped HAR entries built from the shared CORS
// scenarios (test/fixtures/har), and an in-memory PanelClient standing in for chrome.devtools and
// the background.
import type { NetworkEntry, PanelClient } from '../../../extension/devtools/client/panel-client.ts';
import {
  createPanelStore,
  type PanelStore,
} from '../../../extension/devtools/model/panel-store.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { addToList, createOverride } from '../../../src/overrides/index.ts';
import type { Capabilities, OverrideDraft, ProtocolMap } from '../../../src/protocol/messages.ts';
import { chromeEntries, chromeEntry, har, type HarEntry } from '../../fixtures/har/builders.ts';
import { SCENARIOS, type Scenario } from '../../fixtures/har/scenarios.ts';
export { manyEntries } from './many-entries.ts';

export const PAGE_URL = 'http://localhost:5173/';
export const PAGE_ORIGIN = 'http://localhost:5173';
export const START = Date.UTC(2026, 7, 22, 10, 0, 0);

/** The entries Chromium's DevTools reports for `scenarios`, one after the other. */
export function scenarioEntries(
  scenarios: readonly Scenario[] = SCENARIOS,
  startMs = START,
): HarEntry[] {
  const clock = { now: startMs };
  return scenarios.flatMap((s) => chromeEntries(s.spec, clock));
}

/** A same-origin fetch, which the panel hides unless "Same-origin" is ticked. */
export function sameOriginEntry(path = '/local/config.json', startMs = START): HarEntry {
  return chromeEntry({
    url: `${PAGE_ORIGIN}${path}`,
    method: 'GET',
    requestHeaders: [
      ['Accept', '*/*'],
      ['Referer', PAGE_URL],
      ['Sec-Fetch-Mode', 'cors'],
      ['Sec-Fetch-Site', 'same-origin'],
    ],
    status: 200,
    statusText: 'OK',
    responseHeaders: [['Content-Type', 'application/json']],
    error: null,
    redirectURL: '',
    resourceType: 'fetch',
    initiator: { type: 'script' },
    priority: 'High',
    startMs,
    time: 3.1,
    pageref: 'page_1',
    sent: true,
    mimeType: 'application/json',
  });
}

export function harText(entries: readonly HarEntry[]): string {
  return JSON.stringify(har('chrome', PAGE_URL, START, entries));
}

export interface MemoryClient extends PanelClient {
  /** A request finishing in the inspected tab. */
  finish(entry: NetworkEntry): void;
  navigate(url: string): void;
  /** Messages the panel sent to the background, in order. */
  sent: { type: string; data: unknown }[];
  overrides: Override[];
  /** Host patterns the panel asked the user for. */
  accessRequests: string[][];
  /** Whether the user grants host access when asked. */
  grantAccess: boolean;
  /** The background changed the stored overrides. */
  setOverrides(overrides: Override[]): void;
}

/** chrome.devtools and the background, in memory. Overrides are made by the real createOverride. */
export function memoryClient(
  options: {
    tabId?: number;
    pageUrl?: string;
    har?: NetworkEntry[];
    overrides?: Override[];
    /** What the background says this package can do; unanswered when absent. */
    capabilities?: Capabilities;
  } = {},
): MemoryClient {
  const entryListeners = new Set<(entry: NetworkEntry) => void>();
  const navListeners = new Set<(url: string) => void>();
  const overrideListeners = new Set<(overrides: Override[]) => void>();
  let pageUrl = options.pageUrl ?? PAGE_URL;
  let nextId = 1;
  const client: MemoryClient = {
    tabId: options.tabId ?? 7,
    theme: 'light',
    sent: [],
    accessRequests: [],
    grantAccess: true,
    async requestHostAccess(origins) {
      client.accessRequests.push(origins);
      return client.grantAccess;
    },
    overrides: options.overrides ?? [],
    getHar: async () => options.har ?? [],
    onRequestFinished(listener) {
      entryListeners.add(listener);
      return () => entryListeners.delete(listener);
    },
    onNavigated(listener) {
      navListeners.add(listener);
      return () => navListeners.delete(listener);
    },
    inspectedUrl: async () => pageUrl,
    async send<
      K extends
        'createOverride' | 'updateOverride' | 'listOverrides' | 'getTabState' | 'getCapabilities',
    >(type: K, data: ProtocolMap[K]['data']): Promise<ProtocolMap[K]['value']> {
      client.sent.push({ type, data });
      if (type === 'listOverrides') return client.overrides as ProtocolMap[K]['value'];
      if (type === 'getCapabilities') {
        if (!options.capabilities) throw new Error('no capabilities in this test');
        return options.capabilities as ProtocolMap[K]['value'];
      }
      if (type === 'getTabState') {
        // Relaxed as the background decides it: an active override of the page's site in scope.
        const relaxed = client.overrides.some(
          (o) =>
            o.site === PAGE_ORIGIN &&
            !o.paused &&
            (o.scope.kind === 'site' || o.scope.tabId === client.tabId),
        );
        const tab = { tabId: client.tabId!, origin: PAGE_ORIGIN, relaxedCount: 0, relaxed };
        return tab as ProtocolMap[K]['value'];
      }
      if (type === 'createOverride') {
        const made = createOverride(data as OverrideDraft, START, `o${nextId++}`);
        if (!made.value) throw new Error(made.errors.map((e) => e.message).join('; '));
        // As the background: one override per site, by the model's "relax again" rule.
        const { list, result } = addToList(client.overrides, made.value);
        client.setOverrides(list);
        return result as ProtocolMap[K]['value'];
      }
      const { id, patch } = data as ProtocolMap['updateOverride']['data'];
      const existing = client.overrides.find((o) => o.id === id);
      if (!existing) throw new Error(`no override ${id}`);
      const updated = { ...existing, ...patch } as Override;
      client.setOverrides(client.overrides.map((o) => (o.id === id ? updated : o)));
      return updated as ProtocolMap[K]['value'];
    },
    onOverridesChanged(listener) {
      overrideListeners.add(listener);
      return () => overrideListeners.delete(listener);
    },
    finish: (entry) => entryListeners.forEach((l) => l(entry)),
    navigate(url) {
      pageUrl = url;
      navListeners.forEach((l) => l(url));
    },
    setOverrides(overrides) {
      client.overrides = overrides;
      overrideListeners.forEach((l) => l(overrides));
    },
  };
  return client;
}

/** A store on `client`, started, with every pending notification flushed. */
export async function startedStore(client?: PanelClient, cap?: number): Promise<PanelStore> {
  const store = createPanelStore({ client, cap });
  await store.actions.start();
  await settle();
  return store;
}

/** Lets queued microtasks (the store's batched flush) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export { SCENARIOS, type Scenario };
