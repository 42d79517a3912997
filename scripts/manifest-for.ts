// Pure patch from the Chrome-shaped manifest.json to what a given build needs.
import { PREFLIGHT_PACKAGE_NAME } from '../src/protocol/packages.ts';

export type BuildTarget = 'chrome' | 'firefox';

export interface ManifestOptions {
  target: BuildTarget;
  /** End-to-end test build: pinned id and host access granted without a prompt. */
  testBuild: boolean;
  /**
   * Add `debugger` for "answer preflights" (Chrome). Chrome refuses it as an optional permission
   * ("Only permissions specified in the manifest may be requested", checked in Chromium 156), so it
   * is a build choice: off for the store build, on for the test build and `CORS_LENS_DEBUGGER=1`.
   * Outside the test build it is a package of its own, with its own name and description
   * (PREFLIGHT_PACKAGE), so both can be installed side by side and told apart.
   */
  withDebugger?: boolean;
}

/**
 * The second Chrome package: the same extension with `debugger`, so "answer preflights" works.
 * The UI names it by `name` when the lean build meets a failure only it can relax.
 */
export const PREFLIGHT_PACKAGE = {
  name: PREFLIGHT_PACKAGE_NAME,
  // Chrome shows at most 132 characters.
  description:
    'Explains and safely relaxes CORS for your dev sites, and answers the preflights your ' +
    'server fails (404, 405, 5xx) via the debugger.',
} as const;

// A fixed public key gives the test build a stable extension id, whatever folder it is loaded from.
// The matching private key is not needed: Chromium only hashes the public key into the id.
export const TEST_BUILD_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr8hOlBdbaicHguodv9JT+xcTZmzXg922AY105pd3wBIPVeKWocE+CRwS7SQIkhd49TPB9GOs1TWLFB+8M9cR+Vza8HqtsdA8mR936kyjjPPO6dsCrL9uSEwIj/ZYbsObb6Li2gKpvDe2hGz8dMzgfkbf6TlSvzV5EbwtlQa8S1enWya/iGC74SS7Ogs70px2PK4QXEisIAzgxtoQ192OovGEzCxjg14xYpOc8L2bhQ6cDqvfhUlB2VMki6/5L8l2oesEDZJN2AGam0IraMExEUULIsCKZi0qtH/FBbV5SiKhhO4bdPm7e4bGutlvyLb5dTSfQs/N3pdK5TG5iAqe4wIDAQAB';

/** The add-on id AMO and Firefox know CORS Lens by (also the key of the UUID pref in tests). */
export const FIREFOX_ADDON_ID = 'cors-lens@cors-lens.dev';

type Manifest = Record<string, unknown>;

export function manifestFor(
  base: Manifest,
  { target, testBuild, withDebugger = false }: ManifestOptions,
): Manifest {
  const m: Manifest = structuredClone(base);
  const permissions = (m.permissions as string[] | undefined) ?? [];
  if (testBuild) {
    // Firefox pins the add-on by browser_specific_settings.gecko.id and ignores `key` (with a
    // warning); the test harness pins its moz-extension:// UUID with a pref instead.
    if (target === 'chrome') m.key = TEST_BUILD_KEY;
    m.host_permissions = m.optional_host_permissions;
    delete m.optional_host_permissions;
    // Stands in for the activeTab grant a headless test cannot get by clicking the toolbar button:
    // lets the background read getMatchedRules (the popup's relaxed-request count) for any tab.
    permissions.push('declarativeNetRequestFeedback');
  }
  if ((withDebugger || testBuild) && target === 'chrome') permissions.push('debugger');
  if (withDebugger && !testBuild && target === 'chrome') {
    m.name = PREFLIGHT_PACKAGE.name;
    m.description = PREFLIGHT_PACKAGE.description;
    const action = m.action as { default_title?: string } | undefined;
    if (action) action.default_title = PREFLIGHT_PACKAGE.name;
  }
  m.permissions = permissions;
  if (target === 'firefox') {
    const bg = m.background as { service_worker: string };
    m.background = { scripts: [bg.service_worker], type: 'module' };
    // No strict_min_version: 142 would shut out 140 ESR, and 128/140 draw `web-ext lint` warnings
    // (Firefox for Android needs 142). DNR modifyHeaders on responses needs Firefox 113, MV3
    // `optional_host_permissions` 128; both ESRs in support (140, 153) have them.
    m.browser_specific_settings = {
      gecko: { id: FIREFOX_ADDON_ID, data_collection_permissions: { required: ['none'] } },
    };
    delete m.minimum_chrome_version;
  }
  return m;
}
