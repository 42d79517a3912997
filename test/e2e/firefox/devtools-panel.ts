// The CORS panel inside Firefox's DevTools toolbox (not panel.html opened as a tab): the add-on's
// devtools page registers it when a toolbox opens; selecting it loads panel.html in the toolbox,
// where `devtools.*` is available. Its document lives in the extension process, out of BiDi's
// reach, so it is read with a frame script from the chrome scope (checked in firefox-esr 153).
//
// Why this is not flaky: the toolbox is opened on a tab of the test's own, found by its unique URL
// (not "the selected tab", which BiDi's new tabs and activations move); every wait is on state the
// panel shows (the tool registered, panel.html loaded, the live list started), never a sleep; and
// only the setup is retried, a bounded number of times, closing the toolbox in between. The panel's
// id is random per toolbox (`webext-devtools-panel-<uuid>`), so it is found by its label, not
// selected by the `devtools.toolbox.selectedTool` pref.
import type { FirefoxSession } from './launch.ts';

const DEVTOOLS = `ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs')
  .require('devtools/client/framework/devtools').gDevTools`;

/** One list row as the panel shows it. */
export interface PanelRow {
  /** The request's URL (the row's tooltip). */
  url: string;
  method: string;
  /** The status chip: Blocked, Allowed, Relaxed… */
  status: string;
  /** The reason column (a CorsError name, or "reason not recorded"). */
  reason: string;
}

export interface PanelSnapshot {
  href: string;
  /** `data-theme`, set from DevTools' theme: present only inside DevTools. */
  theme?: string;
  /** The toolbar's "N blocked". */
  blockedCount: string;
  rows: PanelRow[];
  /** All visible text of #app. */
  text: string;
}

export interface DevtoolsPanel {
  toolId: string;
  read(): Promise<PanelSnapshot>;
  /** Reads until `done` holds; on timeout, throws with `what` and the last snapshot. */
  waitFor(
    what: string,
    done: (s: PanelSnapshot) => boolean,
    timeoutMs?: number,
  ): Promise<PanelSnapshot>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Chrome-scope code: the toolbox of the tab showing exactly `url`, or an error string. */
function toolboxOf(url: string): string {
  return `
    const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
    if (!tab) return { error: 'no tab shows ' + ${JSON.stringify(url)} };
    const toolbox = ${DEVTOOLS}.getToolboxForTab(tab);
    if (!toolbox) return { error: 'no toolbox on the tab' };`;
}

/**
 * Opens DevTools on the tab showing `tabUrl` (a URL no other tab shows), selects the extension
 * panel labelled `label`, and waits until the panel runs its live capture. Retries that setup up to
 * `attempts` times; the error names what each attempt waited for in vain.
 */
export async function openDevtoolsPanel(
  ff: FirefoxSession,
  tab: string,
  tabUrl: string,
  {
    label = 'CORS',
    attempts = 3,
    timeoutMs = 30_000,
    beforeSelect = async () => {},
  }: {
    label?: string;
    attempts?: number;
    timeoutMs?: number;
    /** Runs once DevTools records the tab, before the panel exists (its snapshot must have it). */
    beforeSelect?: () => Promise<void>;
  } = {},
): Promise<DevtoolsPanel> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await openOnce(ff, tab, tabUrl, label, timeoutMs, beforeSelect);
    } catch (error) {
      failures.push(`attempt ${attempt}: ${(error as Error).message}`);
      await closeToolbox(ff, tabUrl).catch(() => undefined);
    }
  }
  throw new Error(`the CORS panel did not open in Firefox's DevTools:\n${failures.join('\n')}`);
}

async function openOnce(
  ff: FirefoxSession,
  tab: string,
  tabUrl: string,
  label: string,
  timeoutMs: number,
  beforeSelect: () => Promise<void>,
): Promise<DevtoolsPanel> {
  await ff.bidi.send('browsingContext.activate', { context: tab });
  const deadline = Date.now() + timeoutMs;
  // The devtools page registers the panel once the toolbox has loaded it: wait for the tool.
  const opened = await ff.bidi.evaluateInBrowserWindow<{
    toolId?: string;
    error?: string;
  }>(`(async () => {
    const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(tabUrl)});
    if (!tab) return { error: 'no tab shows ' + ${JSON.stringify(tabUrl)} };
    const toolbox = await ${DEVTOOLS}.showToolboxForTab(tab, { toolId: 'netmonitor' });
    let tool;
    while (!(tool = toolbox.getAdditionalTools().find((t) => t.label === ${JSON.stringify(label)}))) {
      if (Date.now() > ${deadline}) return { error: 'no extension panel labelled ' + ${JSON.stringify(label)} + ' was registered' };
      await new Promise((r) => setTimeout(r, 50));
    }
    return { toolId: tool.id };
  })()`);
  if (!opened.toolId) throw new Error(opened.error ?? 'DevTools did not open');
  await beforeSelect();
  const selected = await ff.bidi.evaluateInBrowserWindow<{ error?: string }>(`(async () => {
    ${toolboxOf(tabUrl)}
    await toolbox.selectTool(${JSON.stringify(opened.toolId)});
    return {};
  })()`);
  if (selected.error) throw new Error(selected.error);
  const panel = panelReader(ff, tabUrl, opened.toolId);
  // The list's empty text appears once the store went live (subscribed, snapshot asked for); a
  // row means the same. Either way the panel now receives the tab's requests.
  await panel.waitFor(
    'the panel to run in DevTools and start its live capture',
    (s) =>
      s.href === ff.extensionUrl('extension/devtools/panel.html') &&
      s.theme !== undefined &&
      (s.rows.length > 0 || s.text.includes('No cross-origin requests yet')),
    Math.max(1000, deadline - Date.now()),
  );
  return panel;
}

function panelReader(ff: FirefoxSession, tabUrl: string, toolId: string): DevtoolsPanel {
  const read = async (): Promise<PanelSnapshot | { error: string }> =>
    ff.bidi.evaluateInBrowserWindow(`(async () => {
      ${toolboxOf(tabUrl)}
      const frame = toolbox.doc.getElementById('toolbox-panel-iframe-' + ${JSON.stringify(toolId)});
      const browser = frame?.contentDocument?.querySelector('browser');
      if (!browser?.messageManager) return { error: 'the panel has no browser element yet' };
      return await new Promise((resolve) => {
        const mm = browser.messageManager;
        const done = (value) => { mm.removeMessageListener('cors-lens-panel', listener); clearTimeout(timer); resolve(value); };
        const listener = (m) => done(m.data);
        // A document being replaced may never answer: the caller reads again.
        const timer = setTimeout(() => done({ error: 'the panel document did not answer' }), 3000);
        mm.addMessageListener('cors-lens-panel', listener);
        mm.loadFrameScript('data:,' + encodeURIComponent('(' + ${JSON.stringify(frameScript)} + ')()'), false);
      });
    })()`);
  const panel: DevtoolsPanel = {
    toolId,
    async read() {
      const s = await read();
      if ('error' in s) throw new Error(s.error);
      return s;
    },
    async waitFor(what, done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const last = await read().catch((e: Error) => ({ error: e.message }));
        if (!('error' in last) && done(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(`waited ${timeoutMs} ms for ${what}; last read: ${JSON.stringify(last)}`);
        }
        await sleep(100);
      }
    },
    close: () => closeToolbox(ff, tabUrl),
  };
  return panel;
}

async function closeToolbox(ff: FirefoxSession, tabUrl: string): Promise<void> {
  await ff.bidi.evaluateInBrowserWindow(`(async () => {
    ${toolboxOf(tabUrl)}
    await toolbox.destroy();
    return true;
  })()`);
}

/** Runs in the panel's frame (the extension process): reports what the panel shows. */
const frameScript = `function () {
  const doc = content.document;
  const text = (el, sel) => el.querySelector(sel)?.textContent ?? '';
  sendAsyncMessage('cors-lens-panel', {
    href: content.location.href,
    theme: doc.documentElement.dataset.theme,
    blockedCount: text(doc, '.blocked-count'),
    rows: [...doc.querySelectorAll('[role=option]')].map((row) => ({
      url: row.title,
      method: text(row, '.cell-method'),
      status: text(row, '.chip'),
      reason: text(row, '.cell-reason'),
    })),
    text: doc.getElementById('app')?.innerText ?? '',
  });
}`;
