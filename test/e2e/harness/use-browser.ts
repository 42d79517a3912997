// One browser per test file, with the pages each test opened closed after it. A file with the
// default launch borrows its worker's pooled browser (browser-pool.ts) and hands it back reset;
// any other launch is the file's own, closed after its last test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, type LaunchOptions, type TestBrowser } from './browser.ts';
import { borrowBrowser, canBorrow, returnBrowser } from './browser-pool.ts';

/**
 * Something a whole test file shares: opened in `beforeAll`, closed in `afterAll`. Returns a
 * stand-in to use inside tests and hooks only (it throws until `beforeAll` ran).
 */
export function useForFile<T extends object>(
  name: string,
  open: () => Promise<T>,
  close: (value: T) => Promise<void>,
): { value: T; current(): T | undefined } {
  let current: T | undefined;
  beforeAll(async () => {
    current = await open();
  });
  afterAll(async () => {
    if (current) await close(current);
    current = undefined;
  });
  const value = new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error(`${name}: it starts in beforeAll; use it in tests and hooks`);
      const v: unknown = Reflect.get(current, key);
      return typeof v === 'function' ? (v as () => unknown).bind(current) : v;
    },
  });
  return { value, current: () => current };
}

/**
 * Register vitest hooks that give this file a browser (launched, or borrowed from the worker's
 * pool: see above) and return it. Use the returned object inside tests and hooks only (it is
 * empty until `beforeAll` ran).
 */
export function useBrowser(options: LaunchOptions = {}): TestBrowser {
  const pooled = canBorrow(options);
  const browser = useForFile(
    'useBrowser()',
    () => (pooled ? borrowBrowser(options.devtools ?? false) : launchBrowser(options)),
    (b) => (pooled ? returnBrowser(b) : b.close()),
  );
  afterEach(async () => {
    await browser.current()?.closePages();
  });
  return browser.value;
}
