// Headless Firefox ESR with CORS Lens installed as a temporary add-on over WebDriver BiDi
// (puppeteer-core's `installExtension` = BiDi `webExtension.install`). Checked with firefox-esr 153.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from '../../../scripts/manifest-for.ts';
import { Bidi } from './bidi.ts';
import { firefoxPath } from './firefox-path.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The moz-extension:// host, pinned by pref so extension URLs are known before install. */
export const TEST_ADDON_UUID = '6c0d5a8e-3b1f-4e2a-9d7c-c0c5e1e5f00d';

export interface LaunchFirefoxOptions {
  /** Unpacked add-on folder; default `dist-firefox/` (`npm run build:firefox`). */
  extension?: string;
}

export interface FirefoxSession {
  browser: Browser;
  bidi: Bidi;
  addonId: string;
  /** `moz-extension://<uuid>/<path>`. */
  extensionUrl(path: string): string;
  /** The window's first tab (DevTools can be opened there: see netmonitor.ts). */
  firstTab: string;
  close(): Promise<void>;
}

export async function launchFirefox(options: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const extension = resolve(
    REPO_ROOT,
    options.extension ?? process.env.CORS_LENS_E2E_FIREFOX_EXTENSION ?? 'dist-firefox',
  );
  const profile = mkdtempSync(join(tmpdir(), 'cors-lens-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    // Lets BiDi evaluate in the browser window (DevTools' network monitor for HAR captures).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: TEST_ADDON_UUID }),
      // permissions.request still needs a real click (the tests make one); this pref only
      // accepts the prompt that a headless browser could not show.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    const bidi = new Bidi(browser);
    const addonId = await browser.installExtension(extension);
    const tree = await bidi.send<{ contexts: { context: string }[] }>('browsingContext.getTree', {
      maxDepth: 0,
    });
    const firstTab = tree.contexts[0]?.context;
    if (!firstTab) throw new Error('Firefox has no tab');
    return {
      browser,
      bidi,
      addonId,
      firstTab,
      extensionUrl: (path) => `moz-extension://${TEST_ADDON_UUID}/${path.replace(/^\//, '')}`,
      close: async () => {
        await browser.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
