// Public (non-local) sites in real Chromium: relaxing one from the popup takes an explicit
// confirmation, an import of one arrives paused (its rules are not installed), and the keyboard
// shortcut refuses one with a "!" badge and a title saying why (no prompt is shown: the shortcut
// asks for host access only for local sites, so a key press outside a gesture is the same here). `bank.example` is mapped to
// 127.0.0.1 by the host resolver, so the page is served by a test server yet looks public.
import { describe, expect, it } from 'vitest';
import { useBrowser, useFrontend } from './harness/index.ts';
import { storedOverride } from '../fixtures/override.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const PUBLIC_HOST = 'bank.example';
const browser = useBrowser({ args: [`--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`] });

interface CorsLensHooks {
  corsLens: { runCommand(command: string, tabId: number): Promise<void> };
}

const lens = new CorsLensDriver(browser);
const bank = useFrontend({ host: PUBLIC_HOST });
const local = useFrontend({ host: 'app.localhost' });

describe('public sites', () => {
  it('the popup relaxes a public site only after an explicit confirmation', async () => {
    await lens.deleteAll();
    const page = await browser.newPage();
    await bank.open(page);
    const popup = await lens.popupFor(page);
    await popup.getByRole('switch').click();
    const dialog = popup.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('not a local development site');
    expect(await lens.call('listOverrides', undefined)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await lens.call('listOverrides', undefined)).toEqual([]);

    await popup.getByRole('switch').click();
    await popup.getByRole('button', { name: `Relax ${bank.origin} anyway` }).click();
    await popup.getByText('CORS relaxed for this site').waitFor({ timeout: 30_000 });
    const [o] = await lens.call('listOverrides', undefined);
    expect(o?.site).toBe(bank.origin);
    const tabId = await lens.tabIdOf(page);
    expect((await lens.sessionRules()).some((r) => r.condition.tabIds?.includes(tabId))).toBe(true);
  });

  it('an import of a public site arrives paused, says so, and installs no rule', async () => {
    await lens.deleteAll();
    const page = await browser.newPage();
    await bank.open(page);
    const now = Date.now();
    const base = storedOverride(now);
    const json = JSON.stringify({
      overrides: [
        { ...base, id: 'pub', site: bank.origin },
        { ...base, id: 'loc', site: local.origin },
      ],
    });
    const options = await browser.openExtensionPage('extension/options/index.html');
    await options.getByLabel('Overrides to import (JSON)').fill(json);
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    const status = options.getByText(/^Imported 2 overrides/);
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toContain(`Paused for your review`);
    expect(await status.textContent()).toContain(bank.origin);
    const list = await lens.call('listOverrides', undefined);
    expect(Object.fromEntries(list.map((o) => [o.site, o.paused]))).toEqual({
      [bank.origin]: true,
      [local.origin]: false,
    });
    const tabId = await lens.tabIdOf(page);
    expect((await lens.sessionRules()).some((r) => r.condition.tabIds?.includes(tabId))).toBe(
      false,
    );
    // An import whose end is past the week-long limit is refused whole.
    const far = JSON.stringify([
      { ...base, id: 'far', site: local.origin, end: { kind: 'at', at: 8.64e15 } },
    ]);
    await expect(lens.call('importOverrides', { json: far })).rejects.toThrow(/end\.at/);
  });

  it('the shortcut refuses a public site with a "!" badge and says why', async () => {
    await lens.deleteAll();
    const page = await browser.newPage();
    await bank.open(page);
    const tabId = await lens.tabIdOf(page);
    const sw = await browser.serviceWorker();
    await sw.evaluate(
      (id) => (globalThis as never as CorsLensHooks).corsLens.runCommand('toggle-site', id),
      tabId,
    );
    expect(await lens.call('listOverrides', undefined)).toEqual([]);
    expect(await lens.badge(page)).toBe('!');
    const title = await sw.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(title).toMatch(/local development sites only/);
  });
});
