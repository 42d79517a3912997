import { afterEach, expect, test, vi } from 'vitest';

const calls: unknown[][] = [];
vi.mock('../../../extension/platform/messaging.ts', () => ({
  client: {
    call: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(true);
    },
  },
}));

afterEach(() => {
  vi.unstubAllGlobals();
  calls.length = 0;
});

test('the panel tells the background it asks before the prompt, so the grant can be given back', async () => {
  const order: string[] = [];
  vi.stubGlobal('chrome', {
    permissions: {
      request: () => {
        order.push(`request after ${calls.length} message(s)`);
        return Promise.resolve(true);
      },
      contains: () => Promise.resolve(false),
    },
  });
  const { requestHostAccess } = await import('../../../extension/devtools/client/host-access.ts');
  const origins = ['http://localhost/*', 'http://127.0.0.1/*'];
  await expect(requestHostAccess(origins)).resolves.toBe(true);
  expect(calls).toEqual([['expectHostAccess', { origins }]]);
  expect(order).toEqual(['request after 1 message(s)']);
});
