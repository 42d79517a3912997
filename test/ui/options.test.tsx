// @vitest-environment happy-dom
// The options page against the real background: list, edit, pause, delete, import/export, recovery.
import { fakeBrowser } from '@webext-core/fake-browser';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Options } from '../../extension/options/Options.tsx';
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import { pageEnvFor } from '../extension/fakes/page-env.ts';
import { World } from '../extension/fakes/world.ts';

const SITE = 'http://localhost:5173';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});
afterEach(cleanup);

async function openOptions() {
  const env = pageEnvFor(w);
  render(<Options env={env} />);
  await screen.findByText(/^Overrides/);
  return env;
}

function card(site: string): HTMLElement {
  return screen.getByRole('article', { name: site });
}

describe('options page', () => {
  it('lists every override with what it does', async () => {
    await w.call('createOverride', {
      site: SITE,
      duration: 60,
      apiOrigins: ['http://127.0.0.1:3000'],
    });
    await w.call('createOverride', { site: 'http://localhost:4000', duration: 15 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    expect(screen.getAllByRole('article')).toHaveLength(2);
    expect(within(card(SITE)).getByText('http://127.0.0.1:3000')).toBeTruthy();
    expect(within(card(SITE)).getByText(/ends in 1 h 00 min/)).toBeTruthy();
  });

  it('"Adds" lists the added methods and headers, and the exposed headers, without a placeholder', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    await w.call('updateOverride', { id: o.id, patch: { exposeHeaders: ['X-Total-Count'] } });
    await openOptions();
    const adds = () => within(card(SITE)).getByText('Adds').nextElementSibling!.textContent;
    await waitFor(() => expect(adds()).toBe('exposes x-total-count'));
    await w.call('updateOverride', { id: o.id, patch: { requestHeaders: ['x-api-key'] } });
    cleanup();
    await openOptions();
    await waitFor(() => expect(adds()).toBe('x-api-key · exposes x-total-count'));
  });

  it('pauses, resumes and deletes', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    fireEvent.click(within(card(SITE)).getByText('Pause'));
    await waitFor(() => expect(within(card(SITE)).getByText('Resume')).toBeTruthy());
    expect((await w.call('listOverrides', undefined))[0]!.paused).toBe(true);
    fireEvent.click(within(card(SITE)).getByText('Resume'));
    await waitFor(() => expect(within(card(SITE)).getByText('Pause')).toBeTruthy());
    fireEvent.click(within(card(SITE)).getByLabelText(`Delete the override for ${SITE}`));
    await waitFor(() => expect(screen.queryByRole('article')).toBeNull());
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect(o.id).toBeTruthy();
  });

  it('edits: a wrong API origin is reported at its field and nothing is saved', async () => {
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    fireEvent.click(within(card(SITE)).getByText('Edit'));
    const form = screen.getByRole('form', { name: `Edit ${SITE}` });
    fireEvent.click(within(form).getByLabelText(/Only these/));
    fireEvent.input(within(form).getByLabelText('API origins'), {
      target: { value: 'http://localhost:*' },
    });
    fireEvent.submit(form);
    expect((await within(form).findAllByRole('alert'))[0]!.textContent).toMatch(
      /port cannot be a wildcard/,
    );
    expect((await w.call('listOverrides', undefined))[0]).toEqual(o);

    fireEvent.input(within(form).getByLabelText('API origins'), {
      target: { value: 'http://127.0.0.1:3000\nhttps://*.example.com' },
    });
    fireEvent.input(within(form).getByLabelText(/Extra request headers/), {
      target: { value: 'x-trace-id, X-Tenant' },
    });
    fireEvent.click(within(form).getByLabelText(/Allow credentials/));
    fireEvent.submit(form);
    await waitFor(() => expect(screen.queryByRole('form', { name: `Edit ${SITE}` })).toBeNull());
    const [saved] = await w.call('listOverrides', undefined);
    expect(saved!.apiOrigins).toEqual(['http://127.0.0.1:3000', 'https://*.example.com']);
    expect(saved!.requestHeaders).toEqual(['x-trace-id', 'x-tenant']);
    expect(saved!.credentials).toBe(false);
  });

  it('explains "answer preflights" and disables it when the build cannot', async () => {
    await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    fireEvent.click(within(card(SITE)).getByText('Edit'));
    expect(screen.getByText(/started debugging this browser/)).toBeTruthy();
    const box = screen.getByLabelText(/Answer preflights the server fails/) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByText(/CORS_LENS_DEBUGGER=1/)).toBeTruthy();
  });

  it('in Firefox, says the browser has no debugger API (no build flag to suggest)', async () => {
    w = new World({ firefox: true });
    await w.start();
    await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    fireEvent.click(within(card(SITE)).getByText('Edit'));
    const box = screen.getByLabelText(/Answer preflights the server fails/) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    await screen.findByText(/Firefox has no debugger API/);
    expect(screen.queryByText(/CORS_LENS_DEBUGGER/)).toBeNull();
  });

  it('in Firefox, each override shows its limitation, compact, with the details', async () => {
    w = new World({ firefox: true });
    await w.start();
    // No tab shows either site: the limitation is said before it applies.
    await w.call('createOverride', { site: SITE, duration: 60 });
    await w.call('createOverride', { site: 'http://localhost:4000', duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    for (const site of [SITE, 'http://localhost:4000']) {
      const box = await within(card(site)).findByTestId('limitations');
      expect(box.querySelector('summary')!.textContent).toMatch(/⚠ 1 limitation/);
      expect(box.textContent).toMatch(/cannot condition rules on response headers/);
    }
  });

  it('in Chrome, no limitation is shown', async () => {
    await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    await screen.findByRole('article', { name: SITE });
    expect(within(card(SITE)).queryByTestId('limitations')).toBeNull();
  });

  it('relaxes a new site from the form, asking for exactly its hosts', async () => {
    const env = await openOptions();
    fireEvent.input(screen.getByLabelText(/^Site/), { target: { value: 'localhost:8080' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Relax a site' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/http:\/\/localhost:8080/);
    fireEvent.input(screen.getByLabelText(/^Site/), { target: { value: 'http://localhost:8080' } });
    fireEvent.input(screen.getByLabelText(/^API origins/), {
      target: { value: 'http://127.0.0.1:9000' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Relax a site' }));
    await screen.findByRole('article', { name: 'http://localhost:8080' });
    expect(env.accessRequests).toEqual([['http://127.0.0.1/*', 'http://localhost/*']]);
  });

  it('a bad import changes nothing and lists each problem; a good one imports', async () => {
    await w.call('createOverride', { site: SITE, duration: 60 });
    const before = await w.call('listOverrides', undefined);
    await openOptions();
    const box = screen.getByLabelText('Overrides to import (JSON)');
    const bad = [{ ...before[0], id: 'x', site: 'http://localhost:9', methods: ['G E T'] }];
    fireEvent.input(box, { target: { value: JSON.stringify(bad) } });
    fireEvent.click(screen.getByText('Import'));
    const alert = await screen.findByText(/^Nothing imported/);
    expect(alert.parentElement!.textContent).toContain('[0].methods[0]');
    expect(await w.call('listOverrides', undefined)).toEqual(before);

    const good = [{ ...before[0], id: 'y', site: 'http://localhost:9' }];
    fireEvent.input(box, { target: { value: JSON.stringify(good) } });
    fireEvent.click(screen.getByText('Import'));
    expect(await screen.findByText('Imported 1 override.')).toBeTruthy();
    expect(await w.call('listOverrides', undefined)).toHaveLength(2);
  });

  it('exports JSON with a download link', async () => {
    await w.call('createOverride', { site: SITE, duration: 60 });
    await openOptions();
    fireEvent.click(screen.getByText('Export as JSON'));
    const out = (await screen.findByLabelText('Exported overrides')) as HTMLTextAreaElement;
    expect(JSON.parse(out.value).overrides[0].site).toBe(SITE);
    expect(screen.getByText('Download').getAttribute('download')).toBe('cors-lens-overrides.json');
  });

  it('reports corrupt storage it recovered from, until dismissed', async () => {
    await fakeBrowser.storage.local.set({ [OVERRIDES_STORAGE_KEY]: [{ id: 1 }] });
    await w.killWorker();
    await openOptions();
    expect(await screen.findByText('Stored overrides could not be read')).toBeTruthy();
    expect(screen.getByText(/overrides\.corrupt\./)).toBeTruthy();
    fireEvent.click(screen.getByText('Dismiss'));
    await waitFor(() =>
      expect(screen.queryByText('Stored overrides could not be read')).toBeNull(),
    );
  });
});

describe('options page: giving back site access', () => {
  it('shows the setting on by default, explains it, and turns it off in storage', async () => {
    await openOptions();
    const toggle = await screen.findByRole('switch', {
      name: 'Give back site access when an override ends',
    });
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(screen.getByText(/asks again the next time you relax one/)).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(await w.call('getSettings', undefined)).toEqual({ giveBackHostAccess: false });
  });
});
