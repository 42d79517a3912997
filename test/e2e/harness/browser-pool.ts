// One Chromium per end-to-end worker process, lent to one test file after another. A launch and
// close cost about 2.2 s of CPU (test/README.md, "Where the time goes"), and most files use the
// default launch. Between files the browser goes back to the state of a fresh launch
// (`resetForNextFile` in browser.ts); one that cannot be reset is closed, with a warning, and the
// next file launches its own. The worker's test environment (test/setup/e2e-environment.ts) closes
// the last one when the worker stops. `CORS_LENS_E2E_FRESH_BROWSER=1` gives every file its own
// launch, to rule the pool out when a file behaves differently in the suite than alone.
import { launchBrowser, type LaunchOptions, type ReusableBrowser } from './browser.ts';

interface Pool {
  /** Set by the environment that closes the pool at the worker's end; without it, no pool. */
  enabled: boolean;
  idle: ReusableBrowser | undefined;
}

// On globalThis: the environment's teardown imports this module through another loader than the
// test files do, so module state would not be shared.
const POOL_KEY = Symbol.for('cors-lens.e2e.browser-pool');
function pool(): Pool {
  const holder = globalThis as { [POOL_KEY]?: Pool };
  return (holder[POOL_KEY] ??= { enabled: false, idle: undefined });
}

/**
 * Whether a file launching with these options can borrow the pooled browser: the default build, a
 * temporary profile and the default flags, in a worker whose environment closes the pool at its
 * end (vitest.e2e.config.ts; the matrix suite's files run one per process and launch their own).
 * Other launches (a bare browser, extra flags, a kept profile) are the file's own.
 */
export function canBorrow(options: LaunchOptions): boolean {
  const { devtools: _devtools, ...rest } = options;
  return (
    pool().enabled &&
    process.env.CORS_LENS_E2E_FRESH_BROWSER !== '1' &&
    Object.values(rest).every((value) => value === undefined)
  );
}

/** The pooled browser (launched if there is none), with or without DevTools for `newPage()`. */
export async function borrowBrowser(devtools: boolean): Promise<ReusableBrowser> {
  const state = pool();
  let browser = state.idle;
  state.idle = undefined;
  if (!browser) {
    const launched = await launchBrowser({ devtools });
    await launched.rememberFreshState().catch(async (error: unknown) => {
      await launched.close();
      throw error;
    });
    browser = launched;
  }
  await browser.useDevtools(devtools);
  return browser;
}

const RESET_HANG_MS = 45_000;

/** Reset the browser a file borrowed and keep it for the next file, or close it. */
export async function returnBrowser(browser: ReusableBrowser): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no reset after ${RESET_HANG_MS} ms`)),
      RESET_HANG_MS,
    );
  });
  try {
    // A hang bound below the hooks' 90 s: a browser stuck in its reset is closed, not left open.
    await Promise.race([browser.resetForNextFile(), hang]);
  } catch (error) {
    console.warn(`browser pool: closing a browser that could not be reset (${String(error)})`);
    await browser.close().catch(() => undefined);
    return;
  } finally {
    clearTimeout(timer);
  }
  const state = pool();
  if (state.idle) await state.idle.close();
  state.idle = browser;
}

/** From the worker's start: files may borrow, and `closePool` will be called at its end. */
export function enablePool(): void {
  pool().enabled = true;
}

/** Close the idle browser and remove its folders: when the worker stops. */
export async function closePool(): Promise<void> {
  const state = pool();
  const browser = state.idle;
  state.idle = undefined;
  await browser?.close();
}
