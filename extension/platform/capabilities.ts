/**
 * What the running browser can do, read from the APIs it exposes rather than from the user-agent
 * string (which users, policies and test harnesses rewrite). No polyfill import: the panel's model
 * asks too, and it runs in Node under test.
 */
interface ExtensionGlobals {
  browser?: { runtime?: { getBrowserInfo?: unknown } };
  chrome?: { debugger?: { attach?: unknown; onEvent?: unknown } };
}

const globals = (): ExtensionGlobals => globalThis as ExtensionGlobals;

/**
 * Gecko (Firefox) alone implements `runtime.getBrowserInfo`. Used only where an engine difference
 * has no API of its own to probe: DNR accepts or silently ignores rule fields per engine.
 */
export function isGecko(): boolean {
  return typeof globals().browser?.runtime?.getBrowserInfo === 'function';
}

/**
 * DNR response-header conditions (`responseHeaders` / `excludedResponseHeaders`) arrived in Chrome
 * 128, our minimum; Gecko has none yet. DNR exposes no feature flag for them, hence the engine test.
 */
export function supportsResponseHeaderConditions(): boolean {
  return !isGecko();
}

/** `chrome.debugger` exists only in builds whose manifest lists `debugger`, and never in Firefox. */
export function hasDebuggerApi(): boolean {
  const dbg = globals().chrome?.debugger;
  return typeof dbg?.attach === 'function' && dbg.onEvent !== undefined;
}
