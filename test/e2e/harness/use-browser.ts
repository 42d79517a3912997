// One browser per test file: launched before the first test, closed after the last, with the
// pages each test opened closed after it. Launching costs ≈0.3–1 s; sharing keeps files fast.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, type LaunchOptions, type TestBrowser } from './browser.ts';

/**
 * Register vitest hooks that launch a browser for this file and return it. Use the returned object
 * inside tests and hooks only (it is empty until `beforeAll` ran).
 */
export function useBrowser(options: LaunchOptions = {}): TestBrowser {
  let current: TestBrowser | undefined;
  beforeAll(async () => {
    current = await launchBrowser(options);
  });
  afterEach(async () => {
    await current?.closePages();
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as TestBrowser, {
    get(_target, key) {
      if (!current) {
        throw new Error('useBrowser(): the browser starts in beforeAll; use it in tests and hooks');
      }
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as () => unknown).bind(current) : value;
    },
  });
}
