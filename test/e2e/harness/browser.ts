// Launch Debian's Chromium with the built extension, headless, on a throwaway profile.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { chromiumPath } from './chromium-path.ts';
import { DevtoolsPages, type DevtoolsPage } from './devtools.ts';
import { extensionIdFromKey } from './extension-id.ts';
import { startServer, type TestServer } from './server.ts';
import { ServiceWorkerControl, type WorkerStatus } from './service-worker.ts';
import { TargetSessions } from './target-sessions.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The test build (`npm run build:test`); `CORS_LENS_E2E_EXTENSION` points elsewhere. */
export const DEFAULT_EXTENSION_DIR =
  process.env.CORS_LENS_E2E_EXTENSION ?? resolve(REPO_ROOT, 'dist-test');

// Verified here: new headless loads unpacked extensions with these (see test/README.md).
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Unpacked extension folder (a copy is loaded), or `false` for a browser without it. */
  extension?: string | false;
  /**
   * Tabs made by `newPage()` get a DevTools window, so the extension's devtools page runs there.
   * Other tabs (the start-up one, extension pages) get none.
   */
  devtools?: boolean;
  /** Reuse a profile folder (kept on close). Default: a fresh temporary one, removed on close. */
  profileDir?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /** Default true. */
  headless?: boolean;
}

export interface TestBrowser {
  /** The current Playwright context. Read it again after `restart()`: it is a new one. */
  readonly context: BrowserContext;
  /** The extension's id. Throws when launched with `extension: false`. */
  readonly extensionId: string;
  /** `chrome-extension://ID/path`. */
  extensionUrl(path: string): string;
  /** The folder Chromium loaded the extension from (a copy). */
  readonly extensionDir: string;
  readonly profileDir: string;
  /** Playwright's handle on the extension's service worker, started first if it was stopped. */
  serviceWorker(): Promise<Worker>;
  /** Stop the service worker as Chromium does when idle; resolves once it has stopped. */
  stopServiceWorker(): Promise<void>;
  serviceWorkerStatus(): Promise<WorkerStatus>;
  /**
   * A new tab. With `devtools`, it first shows a unique blank page so its DevTools can be found,
   * and resolves once the extension's devtools page is collecting HAR entries.
   */
  newPage(): Promise<Page>;
  /**
   * A new tab on an extension page, e.g. `openExtensionPage('extension/popup/index.html')`. Closed
   * after the test, unless `keep`: then it stays until the browser closes (a page the test file
   * sends from in every test). Extension pages get no DevTools window, with `devtools` too.
   */
  openExtensionPage(path: string, options?: { keep?: boolean }): Promise<Page>;
  /** The extension's devtools page for a page made by `newPage()` (needs `devtools: true`). */
  devtools(page: Page): DevtoolsPage;
  /** Close every page opened through this object. */
  closePages(): Promise<void>;
  /** Close and relaunch Chromium on the same profile and extension folder. */
  restart(): Promise<void>;
  /** Close Chromium and remove the temporary folders. */
  close(): Promise<void>;
}

/** What the pool (browser-pool.ts) needs to lend one browser to one file after another. */
export interface ReusableBrowser extends TestBrowser {
  /** Whether `newPage()` opens DevTools from now on (`LaunchOptions.devtools`). */
  useDevtools(wanted: boolean): Promise<void>;
  /** Note the extension's state as it is now, right after the launch: what a reset returns to. */
  rememberFreshState(): Promise<void>;
  /** Back to the state of a fresh launch; throws when that cannot be done. */
  resetForNextFile(): Promise<void>;
}

interface Manifest {
  key?: string;
  devtools_page?: string;
}

function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new Error(
      `No extension at ${dir} (no manifest.json). Build it first: npm run build:test`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

class Launched implements ReusableBrowser {
  private ctx!: BrowserContext;
  private sw: ServiceWorkerControl | undefined;
  private sessions: TargetSessions | undefined;
  private devtoolsPages: DevtoolsPages | undefined;
  private blankServer: TestServer | undefined;
  private readonly pages = new Set<Page>();
  /** Extension pages opened with `keep`: closed by `close()` and `resetForNextFile()`. */
  private readonly keptPages = new Set<Page>();
  private readonly devtoolsByPage = new WeakMap<Page, DevtoolsPage>();
  private id: string | undefined;
  private blankCount = 0;
  /** `extensionState()` right after the launch (`rememberFreshState`). */
  private freshState: string[] | undefined;
  /** `options.devtools`, until a pool lends this browser to a file that says otherwise. */
  private devtoolsWanted: boolean;

  constructor(
    private readonly options: LaunchOptions,
    private readonly manifest: Manifest | undefined,
    readonly extensionDir: string,
    readonly profileDir: string,
    private readonly tempDirs: string[],
  ) {
    this.devtoolsWanted = options.devtools ?? false;
  }

  get context(): BrowserContext {
    return this.ctx;
  }

  get extensionId(): string {
    if (!this.id) throw new Error('this browser was launched without the extension');
    return this.id;
  }

  extensionUrl(path: string): string {
    return `chrome-extension://${this.extensionId}/${path.replace(/^\//, '')}`;
  }

  async start(): Promise<void> {
    const args = [...CHROMIUM_FLAGS, ...(this.options.args ?? [])];
    if (this.manifest) {
      args.push(
        `--disable-extensions-except=${this.extensionDir}`,
        `--load-extension=${this.extensionDir}`,
      );
    }
    this.ctx = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: chromiumPath(),
      headless: this.options.headless ?? true,
      args,
    });
    if (!this.manifest) return;

    const isExtension = (w: Worker) => w.url().startsWith('chrome-extension://');
    const first =
      this.ctx.serviceWorkers().find(isExtension) ??
      (await this.ctx
        .waitForEvent('serviceworker', { predicate: isExtension, timeout: 30_000 })
        .catch(() => {
          throw new Error(
            `the extension's service worker did not start within 15 s (from ${this.extensionDir}); ` +
              'is the build complete, and does the background script load?',
          );
        }));
    this.id = new URL(first.url()).host;
    if (this.manifest.key && extensionIdFromKey(this.manifest.key) !== this.id) {
      throw new Error(`extension id ${this.id} does not match the manifest key`);
    }
    this.sw = new ServiceWorkerControl(this.ctx, `chrome-extension://${this.id}`);
    await this.useDevtools(this.devtoolsWanted);
  }

  /**
   * Whether `newPage()` opens a DevTools window from now on. A pooled browser (browser-pool.ts)
   * serves files with and without: the CDP sessions for DevTools are opened the first time.
   */
  async useDevtools(wanted: boolean): Promise<void> {
    this.devtoolsWanted = wanted;
    if (!wanted || this.devtoolsPages || !this.manifest) return;
    this.sessions = await TargetSessions.open(this.ctx);
    this.devtoolsPages = new DevtoolsPages(
      this.sessions,
      `chrome-extension://${this.extensionId}`,
      this.extensionUrl(this.manifest.devtools_page ?? ''),
    );
  }

  /**
   * Back to the state of a fresh launch for the next test file (browser-pool.ts): every page
   * closed; the extension's storage, rules and alarms emptied, and its worker started afresh on
   * that (in-memory state goes with the old one); cookies and the HTTP cache cleared, and the
   * storage of the pages' own service workers removed. Throws when something could not be reset:
   * the pool then closes this browser instead of lending it again.
   */
  async resetForNextFile(): Promise<void> {
    // Every tab, also those a test opened without the harness (a popup, "Open in tab"), except the
    // first one, which a fresh launch has too.
    const [first, ...others] = this.ctx.pages();
    await Promise.all(others.map((page) => page.close()));
    this.pages.clear();
    this.keptPages.clear();
    if (first && first.url() !== 'about:blank') await first.goto('about:blank');
    // A running worker can still be at work for the file (a reconcile after its tabs closed) and
    // write after the clear: seen as session rules back after it. So: stop it, clear from a fresh
    // start once its start-up reconcile is done, and check from another fresh start.
    await this.stopServiceWorker();
    await this.afterWorkerStart(clearExtensionState);
    await this.stopServiceWorker();
    const now = await this.afterWorkerStart(extensionState);
    const fresh = this.freshState ?? [];
    const kept = now.filter((line) => !fresh.includes(line));
    const lost = fresh.filter((line) => !now.includes(line));
    if (kept.length || lost.length || !this.freshState) {
      throw new Error(
        `the extension's state after the reset is not a fresh launch's: ` +
          JSON.stringify({ kept, lost, remembered: Boolean(this.freshState) }),
      );
    }
    await this.clearPageData();
  }

  async rememberFreshState(): Promise<void> {
    this.freshState = await this.afterWorkerStart(extensionState);
  }

  /** Start the worker, wait for its start-up reconcile (test build hook), then run `fn` in it. */
  private async afterWorkerStart<R>(fn: () => Promise<R>): Promise<R> {
    const sw = await this.serviceWorker();
    await sw.evaluate(
      () => (globalThis as never as { corsLens: { ready: Promise<void> } }).corsLens.ready,
    );
    return sw.evaluate(fn);
  }

  /** Cookies, the HTTP cache, and the storage of every origin that registered a service worker. */
  private async clearPageData(): Promise<void> {
    await this.ctx.clearCookies();
    const page = this.ctx.pages()[0] ?? (await this.ctx.newPage());
    const cdp = await this.ctx.newCDPSession(page);
    try {
      await cdp.send('Network.clearBrowserCache');
      for (const origin of await this.control().pageWorkerOrigins()) {
        await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      }
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  private control(): ServiceWorkerControl {
    if (!this.sw) throw new Error('this browser was launched without the extension');
    return this.sw;
  }

  serviceWorker(): Promise<Worker> {
    return this.control().ready();
  }

  stopServiceWorker(): Promise<void> {
    return this.control().stop();
  }

  serviceWorkerStatus(): Promise<WorkerStatus> {
    return this.control().status();
  }

  async newPage(): Promise<Page> {
    const page = await this.ctx.newPage();
    this.pages.add(page);
    page.once('close', () => this.pages.delete(page));
    if (this.devtoolsWanted && this.devtoolsPages) {
      this.blankServer ??= await startServer({
        '*': { headers: { 'Content-Type': 'text/html' }, body: '<link rel="icon" href="data:,">' },
      });
      const url = this.blankServer.url(`/blank/${++this.blankCount}`, '127.0.0.1');
      await page.goto(url);
      await this.sessions?.openDevTools(await targetIdOf(this.ctx, page));
      this.devtoolsByPage.set(page, await this.devtoolsPages.find(url));
    }
    return page;
  }

  async openExtensionPage(path: string, options: { keep?: boolean } = {}): Promise<Page> {
    const page = await this.ctx.newPage();
    const owner = options.keep ? this.keptPages : this.pages;
    owner.add(page);
    page.once('close', () => owner.delete(page));
    await page.goto(this.extensionUrl(path));
    return page;
  }

  devtools(page: Page): DevtoolsPage {
    const found = this.devtoolsByPage.get(page);
    if (found) return found;
    throw new Error(
      this.devtoolsWanted
        ? 'devtools(page) works for pages made by newPage() only'
        : 'launch with { devtools: true } to reach the devtools page',
    );
  }

  async closePages(): Promise<void> {
    await Promise.all([...this.pages].map((page) => page.close().catch(() => undefined)));
    this.pages.clear();
  }

  async restart(): Promise<void> {
    await this.shutdown();
    await this.start();
  }

  async close(): Promise<void> {
    await this.shutdown();
    await this.blankServer?.close();
    for (const dir of this.tempDirs) rmSync(dir, { recursive: true, force: true });
  }

  private async shutdown(): Promise<void> {
    this.pages.clear();
    this.keptPages.clear();
    await this.sessions?.dispose();
    this.sessions = undefined;
    this.devtoolsPages = undefined;
    this.sw = undefined;
    await this.ctx?.close();
  }
}

/** Empties the extension's storage, rules and alarms (run in its worker). */
async function clearExtensionState(): Promise<void> {
  const dnr = chrome.declarativeNetRequest;
  await Promise.all([
    chrome.storage.local.clear(),
    chrome.storage.session.clear(),
    chrome.alarms.clearAll(),
    dnr
      .getSessionRules()
      .then((rules) => dnr.updateSessionRules({ removeRuleIds: rules.map((r) => r.id) })),
    dnr
      .getDynamicRules()
      .then((rules) => dnr.updateDynamicRules({ removeRuleIds: rules.map((r) => r.id) })),
  ]);
}

/**
 * What the extension holds in storage, rules and alarms, one line each (run in its worker). Numbers
 * in stored values read as 0: a fresh start records its start time (storage.session's marker),
 * and a number that leaked into a list still shows as an element.
 */
async function extensionState(): Promise<string[]> {
  const dnr = chrome.declarativeNetRequest;
  const shape = (value: unknown) =>
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? 0 : v));
  const [local, session, sessionRules, dynamicRules, alarms] = await Promise.all([
    chrome.storage.local.get(null),
    chrome.storage.session.get(null),
    dnr.getSessionRules(),
    dnr.getDynamicRules(),
    chrome.alarms.getAll(),
  ]);
  return [
    ...Object.entries(local).map(([key, value]) => `storage.local ${key} ${shape(value)}`),
    ...Object.entries(session).map(([key, value]) => `storage.session ${key} ${shape(value)}`),
    ...sessionRules.map((rule) => `session rule ${rule.id}`),
    ...dynamicRules.map((rule) => `dynamic rule ${rule.id}`),
    ...alarms.map((alarm) => `alarm ${alarm.name}`),
  ];
}

/** The CDP target id of a tab (what `Target.*` commands name it by). */
async function targetIdOf(context: BrowserContext, page: Page): Promise<string> {
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    return targetInfo.targetId;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Launch headless Chromium with a copy of the test build (default), a fresh profile and the
 * verified flags. Returns once the extension's service worker is up.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<ReusableBrowser> {
  const tempDirs: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), `cors-lens-e2e-${prefix}-`));
    tempDirs.push(dir);
    return dir;
  };
  const source = options.extension === undefined ? DEFAULT_EXTENSION_DIR : options.extension;
  let manifest: Manifest | undefined;
  let extensionDir = '';
  if (source !== false) {
    manifest = readManifest(source);
    // Chromium writes _metadata/ into the folder it loads: never the build output itself.
    extensionDir = temp('extension');
    cpSync(source, extensionDir, { recursive: true });
  }
  const profileDir = options.profileDir ?? temp('profile');
  const browser = new Launched(options, manifest, extensionDir, profileDir, tempDirs);
  try {
    await browser.start();
  } catch (error) {
    await browser.close().catch(() => undefined);
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return browser;
}
