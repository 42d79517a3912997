// A HAR from Firefox's own exporter (the network monitor's, as "Save All As HAR" and
// devtools.network.getHAR use), for requests made in the first tab after DevTools was opened there.
// The pref-driven auto-export writes nothing for a headless toolbox opened this way (checked in
// firefox-esr 153), so the test asks the network monitor directly through the chrome scope.
import type { FirefoxSession } from './launch.ts';

const DEVTOOLS = `ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs')
  .require('devtools/client/framework/devtools').gDevTools`;

/** Opens DevTools on the network monitor in the window's selected (first) tab. */
export async function openNetworkMonitor(ff: FirefoxSession): Promise<void> {
  await ff.bidi.send('browsingContext.activate', { context: ff.firstTab });
  const opened = await ff.bidi.evaluateInBrowserWindow<boolean>(
    `${DEVTOOLS}.showToolboxForTab(gBrowser.selectedTab, { toolId: 'netmonitor' }).then((t) => !!t)`,
  );
  if (!opened) throw new Error('DevTools did not open');
}

export interface Har {
  log: { entries: HarEntry[] };
}
export interface HarEntry {
  request: { method: string; url: string };
  response: { status: number };
}

/**
 * Everything the network monitor of the first tab recorded, as HAR 1.2, once `complete` says so:
 * the monitor fills in responses asynchronously, so a HAR taken right after a request may still
 * show status 0 for an answer that arrived (seen for a 404 preflight in firefox-esr 153).
 */
export async function captureHar(
  ff: FirefoxSession,
  complete: (har: Har) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Har> {
  // New tabs take the focus; the toolbox belongs to the first one.
  await ff.bidi.send('browsingContext.activate', { context: ff.firstTab });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const har = await ff.bidi.evaluateInBrowserWindow<Har>(
      `${DEVTOOLS}.getToolboxForTab(gBrowser.selectedTab).getNetMonitorAPI().then((api) => api.getHar())`,
    );
    if (complete(har)) return har;
    if (Date.now() > deadline) throw new Error('the network monitor never had every response');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * True once every request the test server answered has its status in the HAR (blocked requests
 * the server never saw keep status 0: that is how Firefox exports them).
 */
export function harHasAnswers(
  har: Har,
  answered: readonly { method: string; url: string }[],
): boolean {
  return answered.every((a) =>
    har.log.entries.some(
      (e) => e.request.method === a.method && e.request.url === a.url && e.response.status > 0,
    ),
  );
}
