// Run Chromium with an unpacked extension, DevTools auto-opened, on a temporary profile, and stop
// it cleanly: politely over CDP first, then by signal to its own process group.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { CdpPipe } from './cdp-pipe.mjs';

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts on about:blank: open pages with `openTab` once the extension is loaded (a tab opened
 * before that, e.g. from the command line, may get a DevTools window without the extension in it).
 * @param {{ executable: string, extensionDir: string, profileDir: string, logFile: string,
 *   headless: boolean }} options
 */
export function launchChromium({ executable, extensionDir, profileDir, logFile, headless }) {
  const args = [
    `--user-data-dir=${profileDir}`,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--auto-open-devtools-for-tabs',
    '--remote-debugging-pipe',
    '--no-first-run',
    '--no-default-browser-check',
    // A throwaway dev browser: nothing to sync or update, nothing sent anywhere.
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
  ];
  // Chromium refuses to run as root with its sandbox (containers, CI).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (headless) args.push('--headless', '--disable-gpu');
  args.push('about:blank');

  const log = openSync(logFile, 'a');
  const child = spawn(executable, args, {
    // fd 3 and 4 are the DevTools pipe; Chromium's chatter goes to a log file.
    stdio: ['ignore', log, log, 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches us only, and we stop it in order.
    detached: true,
  });
  closeSync(log);
  const cdp = new CdpPipe(
    /** @type {import('node:stream').Writable} */ (child.stdio[3]),
    /** @type {import('node:stream').Readable} */ (child.stdio[4]),
  );
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  return {
    pid: /** @type {number} */ (child.pid),
    cdp,
    exited,
    isRunning: () => running,

    /** @returns {Promise<Array<{ targetId: string, type: string, url: string }>>} */
    async targets() {
      return (await cdp.send('Target.getTargets')).targetInfos;
    },

    /**
     * Wait for a target (page, service worker…) matching `predicate`.
     * @param {string} what for the error message
     * @param {(target: { targetId: string, type: string, url: string }) => boolean} predicate
     * @param {number} [timeoutMs]
     */
    async waitForTarget(what, predicate, timeoutMs = 20_000) {
      /** @type {Array<{ type: string, url: string }>} */
      let seen = [];
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && running) {
        /** @type {{ targetInfos: Array<{ targetId: string, type: string, url: string }> }} */
        const { targetInfos } = await cdp.send('Target.getTargets');
        const found = targetInfos.find(predicate);
        if (found) return found;
        seen = targetInfos;
        await sleep(100);
      }
      if (!running) throw new Error(`Chromium exited while we waited for ${what}`);
      const list = seen.map((t) => `${t.type} ${t.url}`).join(', ');
      throw new Error(`timed out waiting for ${what}; Chromium has: ${list}`);
    },

    /**
     * Open `url` in a new tab and close the other tabs (the initial blank one). Returns the target id.
     * @param {string} url
     */
    async openTab(url) {
      /** @type {{ targetInfos: Array<{ targetId: string, type: string, url: string }> }} */
      const { targetInfos } = await cdp.send('Target.getTargets');
      const { targetId } = await cdp.send('Target.createTarget', { url });
      for (const old of targetInfos) {
        if (old.type === 'page' && !old.url.startsWith('devtools://')) {
          await cdp.send('Target.closeTarget', { targetId: old.targetId }).catch(() => {});
        }
      }
      return /** @type {string} */ (targetId);
    },

    /**
     * Evaluate an expression in a page target and return its (awaited, JSON) value.
     * @param {string} targetId
     * @param {string} expression
     */
    async evaluate(targetId, expression) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
      const { result, exceptionDetails } = await cdp.send(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        sessionId,
      );
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'failed');
      return result.value;
    },

    /** Close the browser: Browser.close, then SIGTERM, then SIGKILL to its process group. */
    async close() {
      if (running) await cdp.send('Browser.close').catch(() => {});
      for (const [signal, waitMs] of /** @type {const} */ ([
        [null, 3000],
        ['SIGTERM', 2000],
        ['SIGKILL', 1000],
      ])) {
        if (signal) killGroup(/** @type {number} */ (child.pid), signal);
        if (await Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)])) break;
      }
      // Helpers (zygote, GPU, utility processes) share the group; none may outlive us.
      killGroup(/** @type {number} */ (child.pid), 'SIGKILL');
    },
  };
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
