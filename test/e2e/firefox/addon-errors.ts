// Errors logged by the add-on's own pages and background. Firefox's WebDriver BiDi reports no log
// entries for moz-extension:// documents, and preload scripts do not run there (checked in
// firefox-esr 153), so this reads the browser's console service through the chrome scope.
import { TEST_ADDON_UUID, type FirefoxSession } from './launch.ts';

export interface AddonError {
  source: string;
  text: string;
}

export function addonErrors(ff: FirefoxSession): Promise<AddonError[]> {
  const prefix = `moz-extension://${TEST_ADDON_UUID}/`;
  return ff.bidi.evaluateInBrowserWindow<AddonError[]>(`Promise.resolve((() => {
    const prefix = ${JSON.stringify(prefix)};
    // nsIScriptError: uncaught exceptions and rejections (flags 0 = error; 1 warning, 8 info).
    const script = Services.console
      .getMessageArray()
      .filter((m) => m instanceof Ci.nsIScriptError && (m.flags & 9) === 0)
      .map((m) => ({ source: m.sourceName, text: m.errorMessage }));
    // console.error() calls.
    const api = Cc['@mozilla.org/consoleAPI-storage;1']
      .getService(Ci.nsIConsoleAPIStorage)
      .getEvents()
      .filter((e) => e.level === 'error')
      .map((e) => ({ source: e.filename, text: (e.arguments ?? []).map(String).join(' ') }));
    return [...script, ...api].filter((e) => String(e.source ?? '').startsWith(prefix));
  })())`);
}
