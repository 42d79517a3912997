// The typed page client: retries while the worker restarts, surfaces { ok: false } as errors.
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

const { createClient } = await import('../../extension/platform/messaging.ts');

describe('messaging client', () => {
  it('sends { type, data } and unwraps the value', async () => {
    const sent: unknown[] = [];
    const client = createClient(async (m) => {
      sent.push(m);
      return { ok: true, value: 'pong' };
    });
    expect(await client.call('ping', undefined)).toBe('pong');
    expect(sent).toEqual([{ type: 'ping', data: undefined }]);
  });

  it('retries while the background is not there yet, then gives up', async () => {
    let calls = 0;
    const flaky = createClient(async () => {
      if (++calls < 2)
        throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, value: 'pong' };
    });
    expect(await flaky.call('ping', undefined)).toBe('pong');
    const dead = createClient(async () => {
      throw new Error('Receiving end does not exist.');
    });
    await expect(dead.call('ping', undefined)).rejects.toThrow(/Receiving end/);
  });

  it('throws the background’s error with its issues', async () => {
    const client = createClient(async () => ({
      ok: false,
      error: { message: 'Nothing imported', issues: [{ path: '[0].site', message: 'x' }] },
    }));
    await expect(client.call('importOverrides', { json: '[]' })).rejects.toMatchObject({
      message: 'Nothing imported',
      issues: [{ path: '[0].site', message: 'x' }],
    });
  });
});
