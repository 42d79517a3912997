/**
 * The background's side of src/protocol/messages.ts. Every handler returns a value or throws a
 * ProtocolFailure; the router turns both into `{ ok, value } | { ok: false, error }`. Every change
 * to the overrides is one queued read-modify-write followed by a reconcile, so the browser's rules
 * match storage by the time the reply arrives.
 */
import { learnFromPreflight, validateOverride, type Override } from '../../src/overrides/index.ts';
import {
  DEFAULT_DURATION_MINUTES,
  type MessageType,
  type OverrideDraft,
  type ProtocolMap,
} from '../../src/protocol/messages.ts';
import { exportOverrides, importOverrides } from '../../src/overrides/transfer.ts';
import { addOverride } from './add-override.ts';
import { capabilities } from './capabilities.ts';
import type { HostAccess } from './host-access.ts';
import { overrideToTeach, parseDevtoolsReport } from './learning-devtools.ts';
import { limitationsById } from './limitations.ts';
import type { OverridesRepo } from './overrides-repo.ts';
import type { PendingOverrides } from './pending-overrides.ts';
import type { BackgroundPorts } from './ports.ts';
import type { PreflightAnswerer } from './preflight-answerer.ts';
import { ProtocolFailure, summarize } from './protocol-failure.ts';
import type { Reconciler, Snapshot } from './reconciler.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { SessionState } from './session-state.ts';
import { httpOrigin } from './tab-origins.ts';
import { buildTabState } from './tab-state.ts';

export type Handlers = {
  [K in MessageType]: (data: ProtocolMap[K]['data']) => Promise<ProtocolMap[K]['value']>;
};

export interface HandlerParts {
  ports: Pick<
    BackgroundPorts,
    | 'tabs'
    | 'dnr'
    | 'permissions'
    | 'clock'
    | 'newId'
    | 'browser'
    | 'supportsResponseHeaderConditions'
  >;
  queue: SerialQueue;
  repo: OverridesRepo;
  pending: PendingOverrides;
  session: SessionState;
  reconciler: Reconciler;
  answerer: PreflightAnswerer;
  hostAccess: HostAccess;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tabIdOf(data: unknown): number {
  const tabId = isRecord(data) ? data.tabId : undefined;
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) {
    throw new ProtocolFailure('Expected { tabId: a tab id }.');
  }
  return tabId;
}

function idOf(data: unknown): string {
  const id = isRecord(data) ? data.id : undefined;
  if (typeof id !== 'string' || id === '') throw new ProtocolFailure('Expected { id: string }.');
  return id;
}

export function createHandlers(parts: HandlerParts): Handlers {
  const { ports, queue, repo, reconciler } = parts;

  /** Read, change, write and reconcile as one queued step. */
  function mutate<T>(change: (list: Override[]) => { list: Override[]; result: T }): Promise<T> {
    return queue.run(async () => {
      const { list, result } = change(await repo.load());
      await repo.save(list);
      await reconciler.run();
      return result;
    });
  }

  /**
   * The latest reconcile, after anything already queued has run. While storage cannot be read, each
   * look (the popup polls) is also a retry.
   */
  async function snapshot(): Promise<Snapshot> {
    return queue.run(async () =>
      reconciler.last && !reconciler.last.settingsUnreadable
        ? reconciler.last
        : await reconciler.run(),
    );
  }

  function created(draft: OverrideDraft, list: Override[]): { list: Override[]; result: Override } {
    return addOverride(draft, list, ports.clock.now(), ports.newId());
  }

  return {
    ping: async () => 'pong',

    getTabState: async (data) => buildTabState(parts, await snapshot(), tabIdOf(data)),

    listOverrides: async () => (await snapshot()).overrides,

    createOverride: async (draft) => {
      if (!isRecord(draft)) throw new ProtocolFailure('Expected an override draft.');
      return mutate((list) => created(draft as unknown as OverrideDraft, list));
    },

    updateOverride: async (data) => {
      const id = idOf(data);
      const patch = isRecord(data) && isRecord(data.patch) ? data.patch : undefined;
      if (!patch) throw new ProtocolFailure('Expected { id, patch: { …fields to change } }.');
      return mutate((list) => {
        const current = list.find((o) => o.id === id);
        if (!current) throw new ProtocolFailure(`There is no override ${id} (deleted or ended?).`);
        // The same limits as a new override (validate.ts, with `now`): a patch is no way around them.
        const checked = validateOverride(
          { ...current, ...patch, id, createdAt: current.createdAt },
          '',
          { now: ports.clock.now() },
        );
        if (!checked.value) {
          throw new ProtocolFailure(`Not saved: ${summarize(checked.errors)}`, checked.errors);
        }
        const next = checked.value;
        const clash = list.find((o) => o.id !== id && o.site === next.site);
        if (clash) {
          throw new ProtocolFailure(
            `${next.site} already has an override; edit that one instead.`,
            [{ path: 'site', message: `${next.site} already has an override.` }],
          );
        }
        return { list: list.map((o) => (o.id === id ? next : o)), result: next };
      });
    },

    deleteOverride: async (data) => {
      const id = idOf(data);
      // Deleting what is already gone is not an error: the user's intent holds.
      return mutate((list) => ({ list: list.filter((o) => o.id !== id), result: true as const }));
    },

    toggleTab: async (data) => {
      const tabId = tabIdOf(data);
      const duration = isRecord(data) ? data.duration : undefined;
      const tab = await ports.tabs.get(tabId);
      const site = httpOrigin(tab?.url);
      if (!tab || site === undefined) {
        throw new ProtocolFailure('This tab does not show an http(s) page CORS Lens can see.');
      }
      await mutate((list) => {
        if (list.some((o) => o.site === site)) {
          return { list: list.filter((o) => o.site !== site), result: undefined };
        }
        const draft: OverrideDraft = {
          site,
          tabId,
          duration:
            duration === 'tab-close' || typeof duration === 'number'
              ? duration
              : DEFAULT_DURATION_MINUTES,
        };
        return { ...created(draft, list), result: undefined };
      });
      return buildTabState(parts, await snapshot(), tabId);
    },

    exportOverrides: async () => exportOverrides((await snapshot()).overrides, ports.clock.now()),

    importOverrides: async (data) => {
      const json = isRecord(data) ? data.json : undefined;
      if (typeof json !== 'string') throw new ProtocolFailure('Expected { json: string }.');
      return mutate((list) => {
        const result = importOverrides(json, list, ports.clock.now(), ports.newId);
        if (!result.value) {
          throw new ProtocolFailure(`Nothing imported: ${summarize(result.errors)}`, result.errors);
        }
        return {
          list: result.value,
          result: { imported: result.imported, paused: result.paused },
        };
      });
    },

    getRecovery: async () => repo.recovery(),

    dismissRecovery: async () => {
      await repo.dismissRecovery();
      return true;
    },

    getCapabilities: async () =>
      capabilities({
        browser: ports.browser,
        debuggerAvailable: parts.answerer.available,
        matchedRulesAvailable: typeof ports.dnr.getMatchedRules === 'function',
      }),

    getLimitations: async () =>
      limitationsById(
        (await snapshot()).overrides,
        ports.clock.now(),
        ports.supportsResponseHeaderConditions,
      ),

    createOverrideWhenGranted: async (draft) => {
      if (!isRecord(draft)) throw new ProtocolFailure('Expected an override draft.');
      return queue.run(async () => {
        const { staged, changed } = await parts.pending.stage(draft as unknown as OverrideDraft);
        if (changed) await reconciler.run();
        return staged;
      });
    },

    settlePendingOverride: async (data) => {
      const pendingId = isRecord(data) ? data.pendingId : undefined;
      const granted = isRecord(data) ? data.granted : undefined;
      if (typeof pendingId !== 'string' || typeof granted !== 'boolean') {
        throw new ProtocolFailure('Expected { pendingId: string, granted: boolean }.');
      }
      return queue.run(async () => {
        const { override, changed } = await parts.pending.settle(pendingId, granted);
        if (changed) await reconciler.run();
        return override;
      });
    },

    getSettings: async () => parts.hostAccess.settings(),

    updateSettings: async (data) => {
      if (!isRecord(data)) throw new ProtocolFailure('Expected { …settings to change }.');
      if (data.giveBackHostAccess !== undefined && typeof data.giveBackHostAccess !== 'boolean') {
        throw new ProtocolFailure('giveBackHostAccess must be true or false.', [
          { path: 'giveBackHostAccess', message: 'Expected true or false.' },
        ]);
      }
      return queue.run(async () => {
        const settings = await parts.hostAccess.updateSettings(data);
        // Turned on: give back now what nothing needs.
        await reconciler.run();
        return settings;
      });
    },

    getHealth: async () => {
      const last = await snapshot();
      return {
        problems: last.problems,
        ...(last.settingsUnreadable ? { settingsUnreadable: last.settingsUnreadable } : {}),
      };
    },

    expectHostAccess: async (data) => {
      const origins = isRecord(data) ? data.origins : undefined;
      if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) {
        throw new ProtocolFailure('Expected { origins: string[] }.');
      }
      await queue.run(() => parts.hostAccess.expect(origins as string[]));
      return true;
    },

    learnFromFailedPreflight: async (data) => {
      const report = parseDevtoolsReport(data);
      const nothing = { methods: [], requestHeaders: [] };
      return queue.run(async () => {
        const id = overrideToTeach((reconciler.last ?? (await reconciler.run())).relaxed, report);
        if (id === undefined) return nothing;
        const list = await repo.load();
        const current = list.find((o) => o.id === id);
        if (!current) return nothing;
        const { override, learned } = learnFromPreflight(current, report.requestHeaders);
        if (override === current) return nothing;
        // Saved and applied before the reply: once it arrives, the retry passes.
        await repo.save(list.map((o) => (o.id === id ? override : o)));
        await reconciler.run();
        return learned;
      });
    },
  };
}
