/**
 * What the background needs from the browser, as narrow interfaces. index.ts fills them from the real
 * APIs (extension/platform/background-ports.ts); the tests fill them with @webext-core/fake-browser
 * and small fakes (test/extension/fakes/). Nothing in extension/background reaches a browser API any
 * other way, so every service runs in Node.
 */
import type { Header } from '../../src/cors/types.ts';
import type { DnrRule } from '../../src/overrides/index.ts';

export interface KeyValueArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface BrowserTab {
  id?: number;
  /** Visible only for hosts the extension may access (host permission or activeTab). */
  url?: string;
}

export interface TabsPort {
  query(): Promise<BrowserTab[]>;
  /** undefined when the tab does not exist (any more). */
  get(tabId: number): Promise<BrowserTab | undefined>;
}

export interface MatchedRule {
  ruleId: number;
  tabId: number;
  timeStamp: number;
}

export interface DnrPort {
  getSessionRules(): Promise<DnrRule[]>;
  updateSessionRules(update: { addRules?: DnrRule[]; removeRuleIds?: number[] }): Promise<void>;
  /**
   * Rejects without `declarativeNetRequestFeedback` or an `activeTab` grant for the tab. Absent
   * where the browser has no such function (Firefox): nothing can count the relaxed requests there.
   */
  getMatchedRules?(filter: { tabId: number; minTimeStamp?: number }): Promise<MatchedRule[]>;
}

export interface ActionPort {
  setBadgeText(tabId: number, text: string): Promise<void>;
  setBadgeBackgroundColor(tabId: number, color: string): Promise<void>;
  setTitle(tabId: number, title: string): Promise<void>;
}

export interface AlarmsPort {
  create(name: string, info: { when?: number; periodInMinutes?: number }): Promise<void>;
  clear(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
}

export interface PermissionsPort {
  /** Host patterns granted right now (manifest `host_permissions` included). */
  grantedOrigins(): Promise<string[]>;
  /** permissions.remove: gives host access back (never asked for manifest-granted patterns). */
  remove(origins: string[]): Promise<void>;
}

/** What the learning listener hears about one request in a relaxed tab. */
export interface ObservedPreflight {
  tabId: number;
  /** Origin of the frame that made the request (absent when the browser does not say). */
  initiator?: string | undefined;
  url: string;
  method: string;
  requestHeaders: Header[];
}

export interface ObservedRedirect {
  tabId: number;
  /** Origin of the frame that made the request (absent when the browser does not say). */
  initiator?: string | undefined;
  url: string;
  redirectUrl: string;
}

/** A request in a relaxed tab that failed (CORS blocks end as `net::ERR_FAILED`). */
export interface ObservedError {
  tabId: number;
  /** Origin of the frame that made the request (absent when the browser does not say). */
  initiator?: string | undefined;
  url: string;
  method: string;
  error: string;
}

export interface WebRequestFilter {
  urls: string[];
  tabId: number;
}

/** Which webRequest events to listen to; only the given ones are registered. */
export interface WebRequestHandlers {
  /** onBeforeSendHeaders with `extraHeaders` (the only way to see CORS preflights): every request. */
  sendHeaders?(request: ObservedPreflight): void;
  /** onBeforeRedirect: redirects only. */
  redirect?(redirect: ObservedRedirect): void;
  /** onErrorOccurred: failed requests only. */
  error?(failure: ObservedError): void;
}

/** A document load in a tab: the tab's own page (`main`) or a frame in it (`sub`). */
export interface ObservedFrame {
  tabId: number;
  kind: 'main' | 'sub';
  url: string;
}

/** Registers listeners for one tab; the returned function removes them. */
export interface WebRequestPort {
  observe(filter: WebRequestFilter, handlers: WebRequestHandlers): () => void;
  /**
   * onBeforeRequest for `main_frame` and `sub_frame` only (frame-origins.ts): document loads, a
   * handful per page, so it costs nothing per fetch.
   */
  observeFrames(filter: WebRequestFilter, onFrame: (frame: ObservedFrame) => void): () => void;
}

/** A CDP `Fetch.requestPaused` event, reduced to what the preflight answerer reads. */
export interface PausedRequest {
  tabId: number;
  requestId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Response stage only: the status and header lines the server sent. */
  status?: number;
  responseHeaders?: Header[];
}

export interface DebuggerPort {
  attach(tabId: number): Promise<void>;
  detach(tabId: number): Promise<void>;
  send(tabId: number, method: string, params?: Record<string, unknown>): Promise<unknown>;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface Logger {
  warn(message: string, detail?: unknown): void;
}

export interface BackgroundPorts {
  local: KeyValueArea;
  session: KeyValueArea;
  tabs: TabsPort;
  dnr: DnrPort;
  action: ActionPort;
  alarms: AlarmsPort;
  permissions: PermissionsPort;
  webRequest: WebRequestPort;
  /** Absent when the build or browser has no chrome.debugger (Firefox, store build). */
  debugger?: DebuggerPort;
  /** Any cheap extension API call: each one resets Chrome's 30 s service-worker idle timer. */
  keepAlivePing(): void;
  clock: Clock;
  log: Logger;
  newId(): string;
  /** Chrome ≥ 128 evaluates DNR response-header conditions; Firefox does not. */
  supportsResponseHeaderConditions: boolean;
  /**
   * The browser family: what a missing API means to the user depends on it (Firefox has no
   * debugger API at all; a Chrome build may merely leave the permission out).
   */
  browser: 'chrome' | 'firefox';
}
