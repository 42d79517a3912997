/**
 * A browser for the background to run in, in Node: @webext-core/fake-browser's storage and tabs, and
 * small fakes for what it lacks (DNR, webRequest, debugger, action, alarms, permissions). A test can
 * kill the worker (a new Background on the same browser state, as Chrome restarts it) or restart the
 * browser (session storage and session rules gone, tabs closed).
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { createBackground, type Background } from '../../../extension/background/background.ts';
import type {
  ActionPort,
  AlarmsPort,
  BackgroundPorts,
  KeyValueArea,
} from '../../../extension/background/ports.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeDebugger } from './fake-debugger.ts';
import { FakeDnr } from './fake-dnr.ts';
import { FakeWebRequest } from './fake-web-request.ts';

export const EXTENSION_ID = 'test-extension-id';
export const EXTENSION_URL = `chrome-extension://${EXTENSION_ID}/`;

type Area = typeof fakeBrowser.storage.local;

function area(a: Area): KeyValueArea {
  return {
    get: (keys) => a.get(keys) as Promise<Record<string, unknown>>,
    set: (items) => a.set(items),
    remove: (keys) => a.remove(keys),
  };
}

export class FakeAction implements ActionPort {
  badges = new Map<number, { text: string; color?: string; title?: string }>();
  async setBadgeText(tabId: number, text: string) {
    this.badges.set(tabId, { ...this.badges.get(tabId), text });
  }
  async setBadgeBackgroundColor(tabId: number, color: string) {
    this.badges.set(tabId, { text: '', ...this.badges.get(tabId), color });
  }
  async setTitle(tabId: number, title: string) {
    this.badges.set(tabId, { text: '', ...this.badges.get(tabId), title });
  }
  text(tabId: number): string {
    return this.badges.get(tabId)?.text ?? '';
  }
}

export class FakeAlarms implements AlarmsPort {
  alarms = new Map<string, { when?: number; periodInMinutes?: number }>();
  async create(name: string, info: { when?: number; periodInMinutes?: number }) {
    this.alarms.set(name, info);
  }
  async clear(name: string) {
    this.alarms.delete(name);
  }
  async exists(name: string) {
    return this.alarms.has(name);
  }
}

export interface WorldOptions {
  withDebugger?: boolean;
  /**
   * Firefox: no debugger API, no getMatchedRules, no response-header conditions in DNR rules (the
   * real ports for Firefox, extension/platform/background-ports.ts, leave exactly these out).
   */
  firefox?: boolean;
  /**
   * Host patterns granted, all optional (the store build). Default: every http(s) host from the
   * manifest's `host_permissions` (the test build), which permissions.remove refuses.
   */
  granted?: string[];
}

export class World {
  clock = new FakeClock();
  dnr = new FakeDnr();
  webRequest = new FakeWebRequest();
  debugger: FakeDebugger | undefined;
  action = new FakeAction();
  alarms = new FakeAlarms();
  granted: string[];
  /** Granted by the manifest: permissions.remove refuses them, as Chrome does. */
  readonly required: string[];
  /** permissions.remove rejects (a browser error) while set. */
  refuseRemovals = false;
  /** Every permissions.remove call, in order. */
  removals: string[][] = [];
  readonly firefox: boolean;
  /** Hosts whose tab URLs the extension may not see (no host permission). */
  hiddenHosts = new Set<string>();
  warnings: string[] = [];
  /** Open tabs: id → URL. (fake-browser's tabs.remove is broken in 2.0.1.) */
  tabs = new Map<number, string>();
  private nextTabId = 100;
  pings = 0;
  /** The next this-many storage.local reads reject (a browser storage error). */
  failLocalReads = 0;
  /** Every storage.local write, in order (to prove nothing was written). */
  localWrites: Record<string, unknown>[] = [];
  private ids = 0;
  bg!: Background;

  constructor(opts: WorldOptions = {}) {
    fakeBrowser.reset();
    this.firefox = opts.firefox ?? false;
    this.debugger = opts.withDebugger && !this.firefox ? new FakeDebugger() : undefined;
    this.granted = opts.granted ?? ['http://*/*', 'https://*/*'];
    this.required = opts.granted ? [] : [...this.granted];
  }

  /**
   * Host access granted: by a CORS Lens prompt, or by the user in the browser's own settings
   * (chrome://extensions "Site access"); the background cannot tell which. Fires onAdded.
   */
  async grant(patterns: readonly string[]): Promise<void> {
    const added = patterns.filter((p) => !this.granted.includes(p));
    if (added.length === 0) return;
    this.granted = [...this.granted, ...added];
    this.bg.onPermissionsChanged();
    await this.settle();
  }

  /** The user takes host access away in the browser's settings. Fires onRemoved. */
  async revoke(patterns: readonly string[]): Promise<void> {
    this.granted = this.granted.filter((p) => !patterns.includes(p));
    this.bg.onPermissionsChanged();
    await this.settle();
  }

  ports(): BackgroundPorts {
    const hidden = (url: string | undefined): string | undefined => {
      if (!url) return url;
      try {
        return this.hiddenHosts.has(new URL(url).hostname) ? undefined : url;
      } catch {
        return url;
      }
    };
    const local = area(fakeBrowser.storage.local);
    return {
      local: {
        get: async (keys) => {
          if (this.failLocalReads > 0) {
            this.failLocalReads--;
            throw new Error('IO error: storage.local is unavailable');
          }
          return local.get(keys);
        },
        set: async (items) => {
          this.localWrites.push(structuredClone(items));
          return local.set(items);
        },
        remove: (keys) => local.remove(keys),
      },
      session: area(fakeBrowser.storage.session),
      tabs: {
        query: async () => [...this.tabs].map(([id, url]) => ({ id, url: hidden(url) })),
        get: async (tabId) => {
          const url = this.tabs.get(tabId);
          return url === undefined ? undefined : { id: tabId, url: hidden(url) };
        },
      },
      dnr: this.firefox
        ? {
            getSessionRules: () => this.dnr.getSessionRules(),
            updateSessionRules: (update) => this.dnr.updateSessionRules(update),
          }
        : this.dnr,
      action: this.action,
      alarms: this.alarms,
      permissions: {
        grantedOrigins: async () => [...this.granted],
        remove: async (origins) => {
          // Chrome: "You cannot remove required permissions."
          if (origins.some((o) => this.required.includes(o))) {
            throw new Error('You cannot remove required permissions.');
          }
          if (this.refuseRemovals) throw new Error('The browser refused.');
          this.removals.push([...origins]);
          this.granted = this.granted.filter((p) => !origins.includes(p));
          this.bg.onPermissionsChanged();
        },
      },
      webRequest: this.webRequest,
      debugger: this.debugger,
      keepAlivePing: () => void this.pings++,
      clock: this.clock,
      log: { warn: (m) => void this.warnings.push(m) },
      newId: () => `id-${++this.ids}`,
      supportsResponseHeaderConditions: !this.firefox,
      browser: this.firefox ? 'firefox' : 'chrome',
    };
  }

  /** Starts (or restarts) the worker and waits for its wake-up reconcile. */
  async start(): Promise<Background> {
    this.bg = createBackground(this.ports());
    await this.bg.ready;
    return this.bg;
  }

  /**
   * Chrome kills the worker: its timers and in-memory state go; its webRequest listeners are
   * forgotten (the new worker adds its own); storage, session rules, alarms, badges and debugger
   * attachments stay.
   */
  async killWorker(): Promise<Background> {
    this.clock.dropTimers();
    this.webRequest.registrations = [];
    this.webRequest.frameRegistrations = [];
    return this.start();
  }

  /** The browser restarts on the same profile: only storage.local and the alarms survive. */
  async restartBrowser(): Promise<Background> {
    this.clock.dropTimers();
    this.webRequest.registrations = [];
    this.webRequest.frameRegistrations = [];
    this.dnr.browserRestart();
    this.action.badges.clear();
    this.debugger?.attached.clear();
    await fakeBrowser.storage.session.clear();
    this.tabs.clear();
    return this.start();
  }

  async openTab(url: string): Promise<number> {
    const id = this.nextTabId++;
    this.tabs.set(id, url);
    this.bg?.onTabUpdated(id, { url, status: 'loading' });
    await this.settle();
    return id;
  }

  async navigate(tabId: number, url: string): Promise<void> {
    this.tabs.set(tabId, url);
    this.bg.onTabUpdated(tabId, { url, status: 'loading' });
    await this.settle();
  }

  async closeTab(tabId: number): Promise<void> {
    this.tabs.delete(tabId);
    this.bg.onTabRemoved(tabId);
    await this.settle();
  }

  /** Moves time on, firing due timers and the alarms a browser would have fired. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    for (const [name, info] of this.alarms.alarms) {
      if (info.when !== undefined && info.when <= this.clock.time) this.bg.onAlarm(name);
    }
    await this.settle();
  }

  /** Waits until queued work (reconciles, learning) is done, without adding any. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await this.bg.flush();
    }
  }

  call<K extends keyof Background['handlers']>(
    type: K,
    data: Parameters<Background['handlers'][K]>[0],
  ): ReturnType<Background['handlers'][K]> {
    return (this.bg.handlers[type] as (d: unknown) => ReturnType<Background['handlers'][K]>)(data);
  }
}
