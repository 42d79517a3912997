// @vitest-environment happy-dom
// Relaxing a public (non-local) site takes an explicit confirmation in the popup and the options
// page; imports of public sites arrive paused and resuming one is confirmed too; storage that
// cannot be read and rules the browser refused are shown. Against the real background.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Options } from '../../extension/options/Options.tsx';
import { Popup } from '../../extension/popup/Popup.tsx';
import { pageEnvFor } from '../extension/fakes/page-env.ts';
import { World } from '../extension/fakes/world.ts';

const PUBLIC = 'https://bank.example';
const LOCAL = 'http://localhost:5173';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});
afterEach(cleanup);

describe('popup', () => {
  it('asks before relaxing a public site; Cancel changes nothing, confirming relaxes it', async () => {
    const tab = await w.openTab(`${PUBLIC}/account`);
    const env = pageEnvFor(w, tab);
    render(<Popup env={env} />);
    fireEvent.click(await screen.findByRole('switch'));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toMatch(/not a local development site/);
    expect(env.accessRequests).toEqual([]);
    fireEvent.click(within(dialog).getByText('Cancel'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await w.call('listOverrides', undefined)).toEqual([]);

    fireEvent.click(screen.getByRole('switch'));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByText(`Relax ${PUBLIC} anyway`),
    );
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true'),
    );
    expect(env.accessRequests).toHaveLength(1);
    expect((await w.call('listOverrides', undefined)).map((o) => o.site)).toEqual([PUBLIC]);
  });

  it('relaxes a local site with one click, as before', async () => {
    const tab = await w.openTab(`${LOCAL}/`);
    render(<Popup env={pageEnvFor(w, tab)} />);
    fireEvent.click(await screen.findByRole('switch'));
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true'),
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says when the settings cannot be read, and that it retries', async () => {
    const tab = await w.openTab(`${LOCAL}/`);
    w.failLocalReads = 1000;
    await w.bg.reconcile();
    render(<Popup env={pageEnvFor(w, tab)} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /could not read its settings.*retrying/,
    );
  });
});

describe('options page', () => {
  it('asks before relaxing a public site from the form', async () => {
    const env = pageEnvFor(w);
    render(<Options env={env} />);
    fireEvent.input(await screen.findByLabelText(/^Site/), { target: { value: PUBLIC } });
    fireEvent.submit(screen.getByRole('form', { name: 'Relax a site' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(env.accessRequests).toEqual([]);
    fireEvent.click(within(dialog).getByText(`Relax ${PUBLIC} anyway`));
    await screen.findByRole('article', { name: PUBLIC });
    expect(env.accessRequests).toHaveLength(1);
  });

  it('an import of a public site arrives paused, says so, and resuming it asks first', async () => {
    const o = await w.call('createOverride', { site: LOCAL, duration: 60 });
    await w.call('deleteOverride', { id: o.id });
    render(<Options env={pageEnvFor(w)} />);
    const box = await screen.findByLabelText('Overrides to import (JSON)');
    const json = JSON.stringify([
      { ...o, id: 'p', site: PUBLIC },
      { ...o, id: 'l' },
    ]);
    fireEvent.input(box, { target: { value: json } });
    fireEvent.click(screen.getByText('Import'));
    expect((await screen.findByText(/^Imported 2 overrides/)).textContent).toMatch(
      new RegExp(`Paused for your review.*${PUBLIC}`),
    );
    const card = await screen.findByRole('article', { name: PUBLIC });
    expect(within(card).getByText('Paused')).toBeTruthy();
    fireEvent.click(within(card).getByText('Resume'));
    const dialog = await within(card).findByRole('alertdialog');
    expect((await w.call('listOverrides', undefined)).find((x) => x.site === PUBLIC)?.paused).toBe(
      true,
    );
    fireEvent.click(within(dialog).getByText(`Resume ${PUBLIC} anyway`));
    await waitFor(async () =>
      expect(
        (await w.call('listOverrides', undefined)).find((x) => x.site === PUBLIC)?.paused,
      ).toBe(false),
    );
  });

  it('shows rules the browser refused on the override’s card', async () => {
    const tab = await w.openTab(`${LOCAL}/`);
    w.dnr.refuseRule = (rule) => rule.condition.tabIds?.includes(tab) ?? false;
    await w.call('createOverride', { site: LOCAL, duration: 60 });
    render(<Options env={pageEnvFor(w)} />);
    const problems = await screen.findByRole('list', { name: `Problems with ${LOCAL}` });
    expect(problems.textContent).toMatch(/refused this override's rules/);
  });
});
