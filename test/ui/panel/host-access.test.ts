// extension/platform/host-access.ts, the one copy the popup, the options page and the panel share.
import { afterEach, expect, test, vi } from 'vitest';

const calls: unknown[][] = [];
const order: string[] = [];
let granted = false;
vi.mock('../../../extension/platform/messaging.ts', () => ({
  client: {
    call: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(true);
    },
  },
}));
vi.mock('../../../extension/platform/browser.ts', () => ({
  browser: {
    permissions: {
      request: () => {
        order.push(`request after ${calls.length} message(s)`);
        return granted ? Promise.resolve(true) : Promise.reject(new Error('not a user gesture'));
      },
      contains: () => Promise.resolve(granted),
    },
  },
}));

const { requestHostAccess } = await import('../../../extension/platform/host-access.ts');
const origins = ['http://localhost/*', 'http://127.0.0.1/*'];

afterEach(() => {
  calls.length = 0;
  order.length = 0;
});

test('tells the background it asks before the prompt, so the grant can be given back', async () => {
  granted = true;
  await expect(requestHostAccess(origins)).resolves.toBe(true);
  expect(calls).toEqual([['expectHostAccess', { origins }]]);
  expect(order).toEqual(['request after 1 message(s)']);
});

test('a refused request (no user gesture) falls back to the access already granted', async () => {
  granted = false;
  await expect(requestHostAccess(origins)).resolves.toBe(false);
  expect(order).toHaveLength(1);
});

test('nothing to ask: no prompt, no message', async () => {
  await expect(requestHostAccess([])).resolves.toBe(true);
  expect(calls).toEqual([]);
  expect(order).toEqual([]);
});
