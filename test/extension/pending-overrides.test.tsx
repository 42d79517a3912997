// @vitest-environment happy-dom
// Relaxing from the popup survives the popup closing while the browser asks for host access
// (Firefox closes it when its permission prompt opens): the popup states its intent to the
// background before it asks, and the background creates the override when the grant arrives.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Popup } from '../../extension/popup/Popup.tsx';
import { ALL_HTTP_HOSTS } from '../../src/overrides/host-patterns.ts';
import { PENDING_OVERRIDE_TTL_MS } from '../../src/protocol/messages.ts';
import { pageEnvFor } from './fakes/page-env.ts';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const API = 'http://127.0.0.1:3000';

let w: World;
beforeEach(async () => {
  // Firefox, with no host access granted yet (the store build asks per site).
  w = new World({ firefox: true, granted: [] });
  await w.start();
});
afterEach(cleanup);

/** The user accepts the prompt: the browser grants, then fires permissions.onAdded. */
async function grant(patterns: readonly string[] = ALL_HTTP_HOSTS): Promise<void> {
  w.granted = [...new Set([...w.granted, ...patterns])];
  w.bg.onPermissionsChanged();
  await w.settle();
}

describe('the popup asks for host access', () => {
  it('Firefox closes the popup while it prompts: the grant still creates the override', async () => {
    const tab = await w.openTab(`${SITE}/app`);
    const env = pageEnvFor(w, tab);
    const asked: string[][] = [];
    // The prompt never answers the popup: Firefox closed it, and its code with it.
    env.requestHostAccess = (origins) => {
      asked.push(origins);
      return new Promise<boolean>(() => undefined);
    };
    render(<Popup env={env} />);
    fireEvent.click(await screen.findByLabelText('15 min'));
    fireEvent.click(screen.getByRole('switch'));
    expect(asked).toEqual([[...ALL_HTTP_HOSTS]]);
    await w.settle();
    cleanup();
    // Nothing is relaxed before the user has answered.
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect(w.dnr.rules).toEqual([]);

    w.clock.advance(20_000);
    await grant();
    const [o] = await w.call('listOverrides', undefined);
    expect(o).toMatchObject({ site: SITE, apiOrigins: 'any' });
    // Its time counts from the grant, not from the click.
    expect(o!.end).toEqual({ kind: 'at', at: w.clock.now() + 15 * 60_000 });
    expect(w.dnr.idsForTab(tab).length).toBeGreaterThan(0);
    expect((await w.call('getTabState', { tabId: tab })).relaxed).toBe(true);
  });

  it('Chrome keeps the popup open: it settles the intent itself and shows the override', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const env = pageEnvFor(w, tab);
    // The grant reaches the background (permissions.onAdded) before the popup's settle call.
    env.requestHostAccess = async () => {
      await grant();
      return true;
    };
    render(<Popup env={env} />);
    fireEvent.click(await screen.findByRole('switch'));
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true'),
    );
    expect(await w.call('listOverrides', undefined)).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Chrome, the popup hears the answer first: settling creates it once', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const env = pageEnvFor(w, tab);
    // Granted, but permissions.onAdded has not reached the background yet.
    env.requestHostAccess = async () => {
      w.granted = [...ALL_HTTP_HOSTS];
      return true;
    };
    render(<Popup env={env} />);
    fireEvent.click(await screen.findByRole('switch'));
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true'),
    );
    w.bg.onPermissionsChanged();
    await w.settle();
    expect(await w.call('listOverrides', undefined)).toHaveLength(1);
  });
});

describe('pending overrides in the background', () => {
  it('with host access already granted, the override is created at once', async () => {
    w.granted = [...ALL_HTTP_HOSTS];
    const tab = await w.openTab(`${SITE}/`);
    const staged = await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    expect(staged.pendingId).toBeUndefined();
    expect(staged.override).toMatchObject({ site: SITE });
    expect(staged.hostPatterns).toEqual([...ALL_HTTP_HOSTS]);
    expect(w.dnr.idsForTab(tab).length).toBeGreaterThan(0);
  });

  it('waits for exactly the patterns the override needs', async () => {
    const staged = await w.call('createOverrideWhenGranted', {
      site: SITE,
      apiOrigins: [API],
      duration: 15,
    });
    expect(staged.hostPatterns).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    await grant(['http://localhost/*']);
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    await grant(['http://127.0.0.1/*']);
    expect((await w.call('listOverrides', undefined)).map((o) => o.apiOrigins)).toEqual([[API]]);
  });

  it('a background suspended before the grant creates it when it wakes', async () => {
    await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    // The event page was unloaded; permissions.onAdded did not wake it.
    w.granted = [...ALL_HTTP_HOSTS];
    await w.killWorker();
    expect((await w.call('listOverrides', undefined)).map((o) => o.site)).toEqual([SITE]);
  });

  it('a refused prompt forgets it', async () => {
    const staged = await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    expect(
      await w.call('settlePendingOverride', { pendingId: staged.pendingId!, granted: false }),
    ).toBeNull();
    await grant();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('an unanswered intent expires', async () => {
    await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    w.clock.advance(PENDING_OVERRIDE_TTL_MS + 1);
    await grant();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('settling after the grant created it returns null and adds no second override', async () => {
    const staged = await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    await grant();
    expect(
      await w.call('settlePendingOverride', { pendingId: staged.pendingId!, granted: true }),
    ).toBeNull();
    expect(await w.call('listOverrides', undefined)).toHaveLength(1);
  });

  it('a newer intent for the same site replaces the older one', async () => {
    await w.call('createOverrideWhenGranted', { site: SITE, duration: 15 });
    await w.call('createOverrideWhenGranted', { site: SITE, duration: 480 });
    await grant();
    const list = await w.call('listOverrides', undefined);
    expect(list).toHaveLength(1);
    expect(list[0]!.end).toEqual({ kind: 'at', at: w.clock.now() + 480 * 60_000 });
  });

  it('refuses a bad draft at once, naming the field, and keeps nothing', async () => {
    await expect(
      w.call('createOverrideWhenGranted', { site: 'localhost:5173', duration: 15 }),
    ).rejects.toMatchObject({ issues: [{ path: 'site' }] });
    await grant();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    await expect(
      w.call('settlePendingOverride', { pendingId: 7, granted: true } as never),
    ).rejects.toThrow(/pendingId/);
  });
});
