// Background service worker: composition root. Every listener is registered synchronously at the top
// level, so that an event that wakes the worker finds it; each one only forwards to the background
// object (background.ts), which reconciles from storage on every wake.
import { isLocalDevSite } from '../../src/overrides/local-site.ts';
import { ALL_HTTP_HOSTS } from '../../src/overrides/host-patterns.ts';
import { backgroundPorts, onDebuggerEvents } from '../platform/background-ports.ts';
import { browser, type Runtime } from '../platform/browser.ts';
import { createBackground } from './background.ts';
import { dispatch, type MessageSender } from './message-router.ts';
import { httpOrigin } from './tab-origins.ts';

const bg = createBackground(backgroundPorts());
const extensionId = browser.runtime.id;
const extensionBaseUrl = browser.runtime.getURL('');

// sendResponse + `return true` works in Chrome, Firefox and the test fakes alike; returning nothing
// leaves a message that is not ours to whoever else listens.
const onMessage = (message: unknown, sender: MessageSender, sendResponse: (r: unknown) => void) => {
  const reply = bg.onMessage(message, sender, extensionId, extensionBaseUrl);
  if (!reply) return undefined;
  void reply.then(sendResponse);
  return true as const;
};
browser.runtime.onMessage.addListener(onMessage as Runtime.OnMessageListenerCallback);

browser.runtime.onInstalled.addListener(() => void bg.reconcile());
browser.runtime.onStartup.addListener(() => void bg.reconcile());
browser.tabs.onUpdated.addListener((tabId, change) => bg.onTabUpdated(tabId, change));
browser.tabs.onRemoved.addListener((tabId) => bg.onTabRemoved(tabId));
browser.tabs.onReplaced.addListener((added, removed) => bg.onTabReplaced(added, removed));
browser.alarms.onAlarm.addListener((alarm) => bg.onAlarm(alarm.name));
browser.permissions.onAdded.addListener(() => bg.onPermissionsChanged());
browser.permissions.onRemoved.addListener(() => bg.onPermissionsChanged());

/** The toggle shortcut; also what the test build's `corsLens.runCommand` calls. */
function onCommand(command: string, tab: { id?: number; url?: string } | undefined): Promise<void> {
  // permissions.request needs the user gesture this event carries, which ends at the first await.
  // The shortcut relaxes with API origins "any", so it asks for every http(s) host; and it relaxes
  // local development sites only (background.ts refuses the others), so only for those does it ask.
  const url = httpOrigin(tab?.url);
  const site = url !== undefined && isLocalDevSite(url) ? url : undefined;
  // Said before asking, so a grant from this prompt is recorded as CORS Lens's to give back later.
  if (site !== undefined) void bg.handlers.expectHostAccess({ origins: [...ALL_HTTP_HOSTS] });
  const hostAccess =
    site === undefined
      ? Promise.resolve(false)
      : browser.permissions.request({ origins: [...ALL_HTTP_HOSTS] });
  return bg.onCommand(command, tab?.id, hostAccess);
}
browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));

onDebuggerEvents({
  event: (tabId, method, params) => bg.onDebuggerEvent(tabId, method, params),
  detach: (tabId, reason) => bg.onDebuggerDetach(tabId, reason),
});

// For tests and scripts running inside the worker (`serviceWorker.evaluate`): the same protocol,
// without the sender check that runtime messages need (the worker cannot message itself). Test
// build only (`npm run build:test`): elsewhere the constant is false and the bundler drops them.
const testHooks = {
  corsLens: {
    dispatch: (message: { type: never; data: unknown }) => dispatch(bg.handlers, message),
    reconcile: () => bg.reconcile(),
    ready: bg.ready,
    learningTabs: () => bg.learning.learningTabs(),
    watchedTabs: () => bg.learning.tabs(),
    /** The benchmark shortens learning windows to measure a relaxed tab between them. */
    setLearningWindowMs: (ms: number) => {
      bg.reconciler.learningWindowMs = ms;
    },
    keepAliveActive: () => bg.keepAlive.active,
    /** Frame origins known per relaxed tab (frame-origins.ts). */
    frameOrigins: () => bg.frames.known(),
    /** Host patterns recorded as granted through a CORS Lens prompt (host-access.ts). */
    hostAccessAskedByUs: () => bg.hostAccess.askedByUs(),
    /** The keyboard shortcut on a tab, as Chromium dispatches it (no key press in headless). */
    runCommand: async (command: string, tabId: number) => {
      await onCommand(command, await browser.tabs.get(tabId));
    },
  },
};
if (import.meta.env.CORS_LENS_TEST_BUILD) Object.assign(globalThis, testHooks);
