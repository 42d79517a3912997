// What the extension's DevTools code sees. Each tab made by the harness's `newPage()` gets a
// DevTools window, and the extension's devtools page runs inside it as an `iframe` target. These
// helpers find the one that inspects a given tab, collect its `devtools.network.onRequestFinished`
// HAR entries, and can select the extension's panel so that panel.html runs for real.
import type {
  RemoteFunction,
  TargetInfo,
  TargetSession,
  TargetSessions,
} from './target-sessions.ts';

/** The parts of a Chromium HAR entry tests look at (the rest is there too, untyped). */
export interface HarEntry {
  request: {
    method: string;
    url: string;
    headers: Array<{ name: string; value: string }>;
  };
  response: {
    status: number;
    headers: Array<{ name: string; value: string }>;
    redirectURL?: string;
    /** `net::ERR_FAILED` when Chromium blocked it (CORS), null otherwise. */
    _error?: string | null;
  };
  _resourceType?: string;
  [field: string]: unknown;
}

/** An extension frame inside DevTools (the devtools page, or the panel once shown). */
export interface ExtensionFrame {
  targetId: string;
  /** Run code in the frame (it has `chrome.devtools` and the extension's other APIs). */
  evaluate<R = unknown, A = undefined>(code: string | RemoteFunction<A, R>, arg?: A): Promise<R>;
  /** Poll `code` until it returns a truthy value (returned); rejects after `timeoutMs`. */
  waitFor<R = unknown, A = undefined>(
    code: string | RemoteFunction<A, R>,
    arg?: A,
    timeoutMs?: number,
  ): Promise<R>;
}

export interface DevtoolsPage extends ExtensionFrame {
  /** `chrome.devtools.inspectedWindow.tabId`. */
  tabId: number;
  /** Every entry `onRequestFinished` delivered since the page was opened (or `clear()`). */
  entries(): Promise<HarEntry[]>;
  /** Poll until `predicate(entries)` holds, then return the entries. */
  waitForEntries(
    predicate: (entries: HarEntry[]) => boolean,
    timeoutMs?: number,
  ): Promise<HarEntry[]>;
  /** `chrome.devtools.network.getHAR()`: the current page load's log, as DevTools keeps it. */
  getHAR(): Promise<HarEntry[]>;
  clear(): Promise<void>;
  /** Select the extension's panel in this DevTools window and return its frame (panel.html). */
  showPanel(): Promise<ExtensionFrame>;
}

const POLL_MS = 25;
/**
 * How long a wait for something the extension shows may take before it counts as a hang. Waits end
 * as soon as the condition holds; the bound only decides when a failure is reported, and 5 s was
 * not enough on a busy two-core machine (a panel row missed it with other test runs beside it).
 */
export const HANG_MS = 30_000;

async function poll<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
  describeState?: () => Promise<string>,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = describeState ? await describeState().catch((e) => `(unreadable: ${e})`) : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${state ? `; the frame held: ${state}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * What a frame holds, for a timeout's message: a failure under load must say what was there. The
 * text of every element, shown or not (a narrow DevTools panel clips parts of `innerText`).
 */
function frameText(): string {
  const text = (document.body?.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 3000 ? `${text.slice(0, 3000)}…` : text;
}

function frame(session: TargetSession): ExtensionFrame {
  return {
    targetId: session.targetId,
    evaluate: (code, arg) => session.evaluate(code, arg),
    waitFor: (code, arg, timeoutMs = HANG_MS) =>
      poll(
        `${typeof code === 'string' ? code.slice(0, 120) : String(code).replace(/\s+/g, ' ').slice(0, 160)} in an extension frame`,
        timeoutMs,
        async () => session.evaluate(code, arg).catch(() => undefined),
        () => session.evaluate(frameText),
      ),
  };
}

// Installed once per devtools page: collects what the panel would get, as plain JSON.
function installCollector(): number {
  const scope = globalThis as unknown as { __corsLensHarEntries?: unknown[] };
  if (!scope.__corsLensHarEntries) {
    const entries: unknown[] = [];
    scope.__corsLensHarEntries = entries;
    chrome.devtools.network.onRequestFinished.addListener((entry) => {
      entries.push(JSON.parse(JSON.stringify(entry)));
    });
  }
  return chrome.devtools.inspectedWindow.tabId;
}

// Which page does this devtools page inspect? Its URL is unique per harness page. Null until the
// devtools page has loaded. (eval needs host access to the page: the test build has it.)
function inspectedUrl(): Promise<string | null> {
  return new Promise((resolve) => {
    if (document.readyState !== 'complete' || !globalThis.chrome?.devtools) {
      resolve(null);
      return;
    }
    chrome.devtools.inspectedWindow.eval('location.href', (...[value]) =>
      resolve(typeof value === 'string' ? value : null),
    );
  });
}

// The panel is registered by the extension, so its tab id in DevTools is the extension origin plus
// the panel title. InspectorView is DevTools-internal: if a Chromium update moves it, this is where
// to look (devtools-frontend, front_end/ui/legacy/InspectorView.ts).
const SHOW_EXTENSION_PANEL = (origin: string) => `(async () => {
  const legacy = await import('./ui/legacy/legacy.js');
  const view = legacy.InspectorView.InspectorView.instance();
  const id = view.tabbedPane.tabIds().find((tab) => tab.startsWith(${JSON.stringify(origin)}));
  if (!id) return null;
  await view.showPanel(id);
  return id;
})()`;

export class DevtoolsPages {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly sessions: TargetSessions,
    private readonly extensionOrigin: string,
    private readonly devtoolsPageUrl: string,
  ) {}

  /** The devtools page inspecting the tab now showing `uniqueUrl` (no other tab may show it). */
  async find(uniqueUrl: string, timeoutMs = HANG_MS): Promise<DevtoolsPage> {
    const [target, session] = await poll(`the DevTools of ${uniqueUrl}`, timeoutMs, async () => {
      const candidates = (await this.sessions.targets()).filter(
        (t) =>
          t.type === 'iframe' && t.url === this.devtoolsPageUrl && !this.claimed.has(t.targetId),
      );
      for (const candidate of candidates) {
        // The DevTools of a tab closed a moment ago can still be listed, and is gone by the time
        // we attach ("No target with given id found", seen at load 17): it is not the one.
        const session = await this.sessions.attach(candidate.targetId).catch(() => null);
        if (!session) continue;
        const url = await session.evaluate(inspectedUrl).catch(() => null);
        if (url === uniqueUrl) return [candidate, session] as const;
      }
      return undefined;
    });
    this.claimed.add(target.targetId);
    const tabId = await session.evaluate(installCollector);
    return this.devtoolsPage(target, session, tabId);
  }

  private devtoolsPage(target: TargetInfo, session: TargetSession, tabId: number): DevtoolsPage {
    const entries = () =>
      session.evaluate(
        () => (globalThis as unknown as { __corsLensHarEntries: HarEntry[] }).__corsLensHarEntries,
      );
    return {
      ...frame(session),
      tabId,
      entries,
      waitForEntries: (predicate, timeoutMs = HANG_MS) =>
        poll('HAR entries', timeoutMs, async () => {
          const list = await entries();
          return predicate(list) ? list : undefined;
        }),
      getHAR: () =>
        session.evaluate(
          () =>
            new Promise<HarEntry[]>((resolve) =>
              chrome.devtools.network.getHAR((log) =>
                resolve(JSON.parse(JSON.stringify(log.entries)) as HarEntry[]),
              ),
            ),
        ),
      clear: async () => {
        await session.evaluate(() => {
          (
            globalThis as unknown as { __corsLensHarEntries: unknown[] }
          ).__corsLensHarEntries.length = 0;
        });
      },
      showPanel: () => this.showPanel(target),
    };
  }

  private async showPanel(devtoolsPage: TargetInfo): Promise<ExtensionFrame> {
    const frontendId = devtoolsPage.parentId;
    if (!frontendId) throw new Error('the devtools page has no parent DevTools window');
    const frontend = await this.sessions.attach(frontendId);
    await poll('the extension panel to be registered', HANG_MS, () =>
      frontend.evaluate<string | null>(SHOW_EXTENSION_PANEL(this.extensionOrigin)),
    );
    const panel = await poll('the panel frame', HANG_MS, async () =>
      (await this.sessions.targets()).find(
        (t) =>
          t.type === 'iframe' &&
          t.parentId === frontendId &&
          t.url.startsWith(this.extensionOrigin) &&
          t.url !== this.devtoolsPageUrl,
      ),
    );
    const session = await this.sessions.attach(panel.targetId);
    await poll('the panel to load', HANG_MS, () =>
      session.evaluate(() => document.readyState === 'complete').catch(() => false),
    );
    return frame(session);
  }
}
