/**
 * The real browser behind extension/background/ports.ts. storage, tabs, alarms, permissions and
 * action go through webextension-polyfill; declarativeNetRequest, webRequest and debugger through
 * `chrome.*` (the polyfill does not wrap them; Chrome and Firefox MV3 both return promises there).
 */
import type { DnrRule } from '../../src/overrides/index.ts';
import type {
  BackgroundPorts,
  DebuggerPort,
  KeyValueArea,
  WebRequestPort,
} from '../background/ports.ts';
import { browser } from './browser.ts';
import { isGecko, supportsResponseHeaderConditions } from './capabilities.ts';

type StorageArea = typeof browser.storage.local;

/**
 * The origin of the frame that made a request: Chrome's `initiator`, Firefox's `originUrl` (a URL).
 * Learning uses it to learn only from the relaxed site's own requests.
 */
function initiatorOf(d: { initiator?: string; originUrl?: string }): string | undefined {
  if (typeof d.initiator === 'string') return d.initiator;
  if (typeof d.originUrl !== 'string') return undefined;
  try {
    return new URL(d.originUrl).origin;
  } catch {
    return undefined;
  }
}

function area(a: StorageArea): KeyValueArea {
  return {
    get: (keys) => a.get(keys) as Promise<Record<string, unknown>>,
    set: (items) => a.set(items),
    remove: (keys) => a.remove(keys),
  };
}

/** Chrome hides CORS preflights from webRequest unless a listener asks for `extraHeaders`. */
function headerSpec(): string[] {
  const extra = chrome.webRequest.OnBeforeSendHeadersOptions?.EXTRA_HEADERS;
  return extra ? ['requestHeaders', extra] : ['requestHeaders'];
}

const webRequest: WebRequestPort = {
  observe(filter, handlers) {
    const f = { urls: filter.urls, tabId: filter.tabId, types: ['xmlhttprequest' as const] };
    const removers: (() => void)[] = [];
    const { sendHeaders, redirect, error } = handlers;
    if (sendHeaders) {
      const listener = (d: chrome.webRequest.OnBeforeSendHeadersDetails): undefined => {
        // It fires for every request of the watched paths; only preflights matter (learning.ts).
        if (d.method !== 'OPTIONS') return;
        sendHeaders({
          tabId: d.tabId,
          initiator: initiatorOf(d),
          url: d.url,
          method: d.method,
          requestHeaders: (d.requestHeaders ?? []).map((h) => ({
            name: h.name,
            value: h.value ?? '',
          })),
        });
      };
      chrome.webRequest.onBeforeSendHeaders.addListener(
        listener,
        f,
        headerSpec() as chrome.webRequest.OnBeforeSendHeadersOptions[],
      );
      removers.push(() => chrome.webRequest.onBeforeSendHeaders.removeListener(listener));
    }
    if (redirect) {
      const listener = (d: chrome.webRequest.OnBeforeRedirectDetails): void =>
        redirect({
          tabId: d.tabId,
          initiator: initiatorOf(d),
          url: d.url,
          redirectUrl: d.redirectUrl,
        });
      chrome.webRequest.onBeforeRedirect.addListener(listener, f);
      removers.push(() => chrome.webRequest.onBeforeRedirect.removeListener(listener));
    }
    if (error) {
      const listener = (d: chrome.webRequest.OnErrorOccurredDetails): void =>
        error({
          tabId: d.tabId,
          initiator: initiatorOf(d),
          url: d.url,
          method: d.method,
          error: d.error,
        });
      chrome.webRequest.onErrorOccurred.addListener(listener, f);
      removers.push(() => chrome.webRequest.onErrorOccurred.removeListener(listener));
    }
    return () => removers.forEach((remove) => remove());
  },
  observeFrames(filter, onFrame) {
    const listener = (d: chrome.webRequest.OnBeforeRequestDetails): undefined => {
      onFrame({ tabId: d.tabId, kind: d.type === 'main_frame' ? 'main' : 'sub', url: d.url });
    };
    chrome.webRequest.onBeforeRequest.addListener(listener, {
      urls: filter.urls,
      tabId: filter.tabId,
      types: ['main_frame', 'sub_frame'],
    });
    return () => chrome.webRequest.onBeforeRequest.removeListener(listener);
  },
};

function debuggerPort(): DebuggerPort | undefined {
  // Present only in builds whose manifest lists `debugger` (Chrome cannot request it optionally).
  if (typeof chrome === 'undefined' || typeof chrome.debugger?.attach !== 'function')
    return undefined;
  return {
    attach: (tabId) => chrome.debugger.attach({ tabId }, '1.3'),
    detach: (tabId) => chrome.debugger.detach({ tabId }),
    send: (tabId, method, params) => chrome.debugger.sendCommand({ tabId }, method, params),
  };
}

export function backgroundPorts(): BackgroundPorts {
  const dnr = chrome.declarativeNetRequest;
  return {
    local: area(browser.storage.local),
    session: area(browser.storage.session as StorageArea),
    tabs: {
      query: async () => (await browser.tabs.query({})).map((t) => ({ id: t.id, url: t.url })),
      get: async (tabId) => {
        try {
          const t = await browser.tabs.get(tabId);
          return { id: t.id, url: t.url };
        } catch {
          return undefined;
        }
      },
    },
    dnr: {
      getSessionRules: async () => (await dnr.getSessionRules()) as unknown as DnrRule[],
      updateSessionRules: (update) =>
        dnr.updateSessionRules(update as chrome.declarativeNetRequest.UpdateRuleOptions),
      // Firefox has no getMatchedRules: leave it out rather than fail every call.
      ...(typeof dnr.getMatchedRules === 'function'
        ? {
            getMatchedRules: async (filter: { tabId: number; minTimeStamp?: number }) =>
              (await dnr.getMatchedRules(filter)).rulesMatchedInfo.map((m) => ({
                ruleId: m.rule.ruleId,
                tabId: m.tabId,
                timeStamp: m.timeStamp,
              })),
          }
        : {}),
    },
    action: {
      setBadgeText: (tabId, text) => browser.action.setBadgeText({ tabId, text }),
      setBadgeBackgroundColor: (tabId, color) =>
        browser.action.setBadgeBackgroundColor({ tabId, color }),
      setTitle: (tabId, title) => browser.action.setTitle({ tabId, title }),
    },
    alarms: {
      create: async (name, info) => {
        await browser.alarms.create(name, info);
      },
      clear: async (name) => {
        await browser.alarms.clear(name);
      },
      exists: async (name) => (await browser.alarms.get(name)) !== undefined,
    },
    permissions: {
      grantedOrigins: async () => (await browser.permissions.getAll()).origins ?? [],
      remove: async (origins) => {
        await browser.permissions.remove({ origins });
      },
    },
    webRequest,
    debugger: debuggerPort(),
    keepAlivePing: () => void browser.runtime.getPlatformInfo(),
    clock: {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
    },
    log: { warn: (message, detail) => console.warn(`CORS Lens: ${message}`, detail ?? '') },
    newId: () => crypto.randomUUID(),
    supportsResponseHeaderConditions: supportsResponseHeaderConditions(),
    browser: isGecko() ? 'firefox' : 'chrome',
  };
}

/**
 * The debugger's events, for the preflight answerer. A no-op where the API is missing (Firefox,
 * and Chrome builds without the `debugger` permission). Register at the worker's top level.
 */
export function onDebuggerEvents(handlers: {
  event(tabId: number | undefined, method: string, params: unknown): void;
  detach(tabId: number | undefined, reason: string): void;
}): void {
  if (typeof chrome === 'undefined' || !chrome.debugger?.onEvent) return;
  chrome.debugger.onEvent.addListener((source, method, params) =>
    handlers.event(source.tabId, method, params),
  );
  chrome.debugger.onDetach.addListener((source, reason) => handlers.detach(source.tabId, reason));
}
