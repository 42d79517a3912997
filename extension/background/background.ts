/**
 * The background as a plain object: services wired to ports, one method per browser event. index.ts
 * registers the listeners and forwards; tests call the same methods on fake ports.
 */
import type { Header } from '../../src/cors/types.ts';
import {
  learnFromFailure,
  learnFromPreflight,
  learnFromRedirect,
  type Override,
} from '../../src/overrides/index.ts';
import { isLocalDevSite, publicSiteWarning } from '../../src/overrides/local-site.ts';
import type { MessageType, Reply } from '../../src/protocol/messages.ts';
import { Badges } from './badges.ts';
import { ExpirySchedule } from './expiry-schedule.ts';
import { FrameOrigins } from './frame-origins.ts';
import { HostAccess } from './host-access.ts';
import { createHandlers, type Handlers } from './handlers.ts';
import { KeepAlive } from './keepalive.ts';
import { LearningListeners } from './learning.ts';
import { dispatch, isOwnPage, isProtocolMessage, type MessageSender } from './message-router.ts';
import { OverridesRepo } from './overrides-repo.ts';
import { PendingOverrides } from './pending-overrides.ts';
import type { BackgroundPorts } from './ports.ts';
import { PreflightAnswerer } from './preflight-answerer.ts';
import { Reconciler } from './reconciler.ts';
import { CoalescedTask, SerialQueue } from './serial-queue.ts';
import { SessionState } from './session-state.ts';

export const TOGGLE_COMMAND = 'toggle-site';

export interface Background {
  /** Settles when the wake-up reconcile is done. */
  ready: Promise<void>;
  handlers: Handlers;
  reconciler: Reconciler;
  learning: LearningListeners;
  keepAlive: KeepAlive;
  answerer: PreflightAnswerer;
  hostAccess: HostAccess;
  frames: FrameOrigins;
  reconcile(): Promise<void>;
  /** Settles when everything queued so far has run (tests, scripts). */
  flush(): Promise<void>;
  /** undefined = not ours to answer (not from our pages, or not a protocol message). */
  onMessage(
    message: unknown,
    sender: MessageSender,
    extensionId: string,
    extensionBaseUrl: string,
  ): Promise<Reply<MessageType>> | undefined;
  onTabUpdated(tabId: number, change: { url?: string; status?: string }): void;
  onTabRemoved(tabId: number): void;
  onTabReplaced(addedTabId: number, removedTabId: number): void;
  onAlarm(name: string): void;
  onPermissionsChanged(): void;
  onDebuggerEvent(tabId: number | undefined, method: string, params: unknown): void;
  onDebuggerDetach(tabId: number | undefined, reason: string): void;
  /**
   * The toggle shortcut. `hostAccess` is the permission request index.ts had to start synchronously
   * in the event (a user gesture); it is awaited only when the shortcut turns relaxing on.
   */
  onCommand(
    command: string,
    tabId: number | undefined,
    hostAccess: Promise<boolean>,
  ): Promise<void>;
}

/** The badge says why the shortcut did nothing; the next reconcile of a relaxed tab replaces it. */
const SHORTCUT_REFUSED_BADGE = '!';

function replaceTab(o: Override, from: number, to: number): Override {
  let next = o;
  if (next.scope.kind === 'tab' && next.scope.tabId === from) {
    next = { ...next, scope: { kind: 'tab', tabId: to } };
  }
  if (next.end.kind === 'tab-close' && next.end.tabId === from) {
    next = { ...next, end: { kind: 'tab-close', tabId: to } };
  }
  return next;
}

export function createBackground(ports: BackgroundPorts): Background {
  const queue = new SerialQueue();
  const repo = new OverridesRepo(ports.local, ports.log, () => ports.clock.now());
  const session = new SessionState(ports.session);

  /** One queued read-modify-write of one override, then a reconcile if it changed. */
  function change(id: string, edit: (o: Override) => Override): Promise<void> {
    const run = queue.run(async () => {
      const list = await repo.load();
      const current = list.find((o) => o.id === id);
      if (!current) return;
      const next = edit(current);
      if (next === current) return;
      await repo.save(list.map((o) => (o.id === id ? next : o)));
      await reconciler.run();
    });
    // Learning is best effort: a failed read changes nothing and the reconciler retries.
    return run.catch((e: unknown) => ports.log.warn('Could not update an override', e));
  }

  function learnPreflight(id: string, headers: Header[]): void {
    // Cheap check first, on the last reconcile's copy: most preflights ask for nothing new.
    const known = reconciler.last?.overrides.find((o) => o.id === id);
    if (known && learnFromPreflight(known, headers).override === known) return;
    void change(id, (o) => learnFromPreflight(o, headers).override);
  }

  const learning = new LearningListeners(ports.webRequest, {
    preflight: (id, request) => learnPreflight(id, request.requestHeaders),
    redirect: (id, r) =>
      void change(id, (o) => learnFromRedirect(o, r.url, r.redirectUrl).override),
    failure: (id, f) => {
      // A navigation cancelled it, not the server or CORS.
      if (f.error === 'net::ERR_ABORTED') return;
      // The failed request's method is known at once; its headers only from the next preflight
      // to its path, which the window opened here lets the per-request listener see (or at once
      // from the tab's DevTools, when open: learning-devtools.ts).
      reconciler.openLearningWindow(f.tabId, f.url);
      learnPreflight(id, [{ name: 'Access-Control-Request-Method', value: f.method }]);
      // Its API origin fails the site's direct requests: `*` and `null` there get replaced from
      // now on (kept until then, since they pass other requests: rule-families.ts).
      void change(id, (o) => learnFromFailure(o, f.url).override);
      void reconcile();
    },
  });
  const answerer = new PreflightAnswerer(
    ports.debugger,
    session,
    {
      answered: (id, headers) => learnPreflight(id, headers),
      cancelledByUser: (id) => void change(id, (o) => ({ ...o, answerPreflights: false })),
      problem: (id, message) => reconciler.noteProblem(id, message),
    },
    ports.log,
  );
  const keepAlive = new KeepAlive(ports.clock, ports.keepAlivePing);
  const expiry = new ExpirySchedule(ports.alarms, ports.clock, () => void reconcileTask.request());
  const hostAccess = new HostAccess({ ports, onAskEnded: () => void reconcile() });
  const frames = new FrameOrigins({
    webRequest: ports.webRequest,
    session: ports.session,
    clock: ports.clock,
    onChange: () => void reconcile(),
    warn: (m, e) => ports.log.warn(m, e),
  });
  const reconciler = new Reconciler({
    ports,
    hostAccess,
    frames,
    repo,
    session,
    badges: new Badges(ports.action, session, ports.log),
    learning,
    answerer,
    expiry,
    keepAlive,
    onWindowClosed: () => void reconcile(),
    onRetry: () => void reconcile(),
  });
  const pending = new PendingOverrides({ ports, repo, session });
  const reconcileTask = new CoalescedTask(queue, async () => {
    // A grant may have arrived while no page waited for it (Firefox closes the popup that asked):
    // every reconcile (permissions.onAdded, each wake) first creates what it was waiting for.
    await pending
      .commitGranted()
      .catch((e: unknown) => ports.log.warn('Pending overrides not committed', e));
    await reconciler.run();
  });
  const reconcile = (): Promise<void> =>
    reconcileTask.request().catch((e: unknown) => ports.log.warn('Reconcile failed', e));
  const handlers = createHandlers({
    ports,
    queue,
    repo,
    session,
    reconciler,
    answerer,
    pending,
    hostAccess,
  });

  async function refuseShortcut(tabId: number, site: string): Promise<void> {
    ports.log.warn(`The toggle shortcut does not relax ${site}: not a local development site`);
    try {
      await ports.action.setBadgeBackgroundColor(tabId, '#b3261e');
      await ports.action.setBadgeText(tabId, SHORTCUT_REFUSED_BADGE);
      await ports.action.setTitle(
        tabId,
        `CORS Lens: the shortcut relaxes local development sites only. ${publicSiteWarning(site)} To relax it anyway, open the CORS Lens popup and confirm.`,
      );
      // Listed as badged: the next reconcile clears it like any badge of a tab not relaxed.
      const badged = await session.badgedTabs();
      if (!badged.includes(tabId)) await session.setBadgedTabs([...badged, tabId]);
    } catch (e) {
      ports.log.warn('Could not show why the shortcut refused', e);
    }
  }

  /** Idle (no override stored): tab events change nothing, so they cost nothing. */
  const idle = (): boolean =>
    reconciler.last !== undefined && reconciler.last.overrides.length === 0;

  const ready = reconcile();

  return {
    ready,
    handlers,
    reconciler,
    learning,
    keepAlive,
    answerer,
    hostAccess,
    frames,
    reconcile,
    flush: () => queue.run(async () => undefined),

    onMessage(message, sender, extensionId, extensionBaseUrl) {
      if (!isOwnPage(sender, extensionId, extensionBaseUrl)) return undefined;
      if (!isProtocolMessage(message, handlers)) return undefined;
      return dispatch(handlers, message);
    },

    onTabUpdated(tabId, change) {
      if (idle()) return;
      if (change.url === undefined && change.status !== 'loading') return;
      void reconcile();
    },

    onTabRemoved() {
      if (!idle()) void reconcile();
    },

    onTabReplaced(addedTabId, removedTabId) {
      // Prerendering swaps a new tab id in for the old one: tab-bound overrides follow it.
      void queue
        .run(async () => {
          const list = await repo.load();
          const next = list.map((o) => replaceTab(o, removedTabId, addedTabId));
          if (next.some((o, i) => o !== list[i])) await repo.save(next);
          await reconciler.run();
        })
        .catch((e: unknown) => ports.log.warn('onReplaced failed', e));
    },

    onAlarm() {
      void reconcile();
    },

    onPermissionsChanged() {
      void reconcile();
    },

    onDebuggerEvent(tabId, method, params) {
      if (method !== 'Fetch.requestPaused' || tabId === undefined) return;
      const p = params as {
        requestId: string;
        request: { url: string; method: string; headers: Record<string, string> };
        responseStatusCode?: number;
        responseHeaders?: Header[];
      };
      // A paused request waits for us; after a wake, answer only once the tabs are known again.
      void ready.then(() =>
        answerer.onPaused({
          tabId,
          requestId: p.requestId,
          url: p.request.url,
          method: p.request.method,
          headers: p.request.headers ?? {},
          status: p.responseStatusCode,
          ...(p.responseHeaders ? { responseHeaders: p.responseHeaders } : {}),
        }),
      );
    },

    onDebuggerDetach(tabId, reason) {
      if (tabId === undefined) return;
      answerer.onDetach(tabId, reason);
      void reconcile();
    },

    async onCommand(command, tabId, hostAccess) {
      if (command !== TOGGLE_COMMAND || tabId === undefined) return;
      try {
        const state = await handlers.getTabState({ tabId });
        if (state.origin === undefined) return;
        // One keystroke must not relax a public site: that takes the popup's confirmation.
        if (!state.override && !isLocalDevSite(state.origin)) {
          await queue.run(() => refuseShortcut(tabId, state.origin!));
          return;
        }
        // Turning on without host access would store an override the browser cannot apply.
        if (!state.override && !(await hostAccess.catch(() => false))) return;
        await handlers.toggleTab({ tabId });
      } catch (e) {
        ports.log.warn('The toggle shortcut found nothing to toggle', e);
      }
    },
  };
}
