import type { BuildTarget } from './manifest-for.ts';

/**
 * Build-time constants per target (vite `define`). Firefox has no `chrome.debugger` (the "answer
 * preflights" feature is Chrome-only); the background already checks for it at run time, and
 * replacing it with `undefined` here lets the minifier drop that Chrome-only code from the Firefox
 * bundle, so `web-ext lint` has no UNSUPPORTED_API warnings to report and AMO reviewers read no dead
 * code. The Chrome build is left untouched.
 */
export function targetDefines(target: BuildTarget, testBuild = false): Record<string, string> {
  return {
    ...(target === 'firefox' ? { 'chrome.debugger': 'undefined' } : {}),
    // The service worker's `corsLens` hooks exist for the tests only (extension/background/index.ts).
    'import.meta.env.CORS_LENS_TEST_BUILD': JSON.stringify(testBuild),
  };
}
