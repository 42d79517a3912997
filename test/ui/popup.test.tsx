// @vitest-environment happy-dom
// The popup against the real background (through the message router), with a fake browser.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Popup } from '../../extension/popup/Popup.tsx';
import { pageEnvFor } from '../extension/fakes/page-env.ts';
import { World } from '../extension/fakes/world.ts';

const SITE = 'http://localhost:5173';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});
afterEach(cleanup);

async function openPopup(tabId: number) {
  const env = pageEnvFor(w, tabId);
  render(<Popup env={env} />);
  await screen.findByRole('switch');
  return env;
}

describe('popup', () => {
  it('explains when the tab cannot be relaxed', async () => {
    const tab = await w.openTab('chrome://settings/');
    render(<Popup env={pageEnvFor(w, tab)} />);
    expect(await screen.findByText('Nothing to relax here.')).toBeTruthy();
    expect(screen.getByText(/http and https pages only/)).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('relaxes the site for the chosen time, asking for host access first', async () => {
    const tab = await w.openTab(`${SITE}/app`);
    const env = await openPopup(tab);
    expect(screen.getByText(SITE)).toBeTruthy();
    const sw = screen.getByRole('switch');
    expect(sw.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByLabelText('8 h'));
    fireEvent.click(sw);
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true'),
    );
    expect(env.accessRequests).toEqual([['http://*/*', 'https://*/*']]);
    const [o] = await w.call('listOverrides', undefined);
    expect(o!.end).toEqual({ kind: 'at', at: w.clock.now() + 480 * 60_000 });
    expect(screen.getByTestId('time-left').textContent).toBe('8 h 00 min');
    // The exact headers, as compiled.
    expect(screen.getByText('Access-Control-Allow-Origin')).toBeTruthy();
    expect(screen.getAllByText(/http:\/\/localhost:5173/).length).toBeGreaterThan(1);
    expect(screen.getByText(/Nothing yet/)).toBeTruthy();
    expect(w.action.text(tab)).toBe('8h');
  });

  it('changes nothing when host access is refused', async () => {
    w.granted = [];
    const tab = await w.openTab(`${SITE}/`);
    const env = await openPopup(tab);
    env.grant = false;
    fireEvent.click(screen.getByRole('switch'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Nothing was changed/);
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    // Nor later: the refused intent is gone, so a grant made for something else creates nothing.
    w.granted = ['http://*/*', 'https://*/*'];
    w.bg.onPermissionsChanged();
    await w.settle();
    expect(await w.call('listOverrides', undefined)).toEqual([]);
  });

  it('shows what it learned and the relaxed-request count, and turns off', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const o = await w.call('createOverride', { site: SITE, duration: 'tab-close', tabId: tab });
    // A failure opens the learning window on its path; the retry's preflight teaches.
    w.webRequest.error(tab, 'http://api.test/x', 'PUT');
    await w.settle();
    w.webRequest.preflight(tab, 'http://api.test/x', SITE, 'PUT', 'x-trace-id');
    await w.settle();
    w.dnr.matched = [{ ruleId: w.dnr.idsForTab(tab)[0]!, tabId: tab, timeStamp: o.createdAt + 5 }];
    w.clock.advance(3_000);
    await openPopup(tab);
    expect(screen.getByTestId('learned').textContent).toBe('x-trace-id');
    expect(screen.getByTestId('relaxed-count').textContent).toBe('1');
    expect(screen.getByTestId('time-left').textContent).toBe('until this tab closes');
    fireEvent.click(screen.getByRole('switch'));
    await waitFor(() =>
      expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('false'),
    );
    expect(w.dnr.rules).toEqual([]);
  });

  it('says when the override waits for host access, and offers to grant it', async () => {
    w.granted = [];
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', {
      site: SITE,
      duration: 15,
      apiOrigins: ['http://127.0.0.1:3000'],
    });
    const env = await openPopup(tab);
    expect(screen.getByText(/Waiting for access/).textContent).toContain('http://localhost/*');
    fireEvent.click(screen.getByText('Grant access'));
    expect(env.accessRequests).toEqual([['http://127.0.0.1/*', 'http://localhost/*']]);
  });

  it('in Firefox, says the relaxed requests cannot be counted, and shows the limitation', async () => {
    w = new World({ firefox: true });
    await w.start();
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15, tabId: tab });
    await openPopup(tab);
    const unavailable = await screen.findByTestId('relaxed-count-unavailable');
    expect(unavailable.textContent).toBe('not counted in this browser');
    expect(unavailable.getAttribute('title')).toMatch(/getMatchedRules/);
    expect(screen.queryByTestId('relaxed-count')).toBeNull();
    expect(screen.queryByText(/last known/)).toBeNull();
    const limits = screen.getByTestId('limitations');
    expect(limits.querySelector('summary')!.textContent).toMatch(/⚠ 1 limitation/);
    expect(limits.textContent).toMatch(/cannot condition rules on response headers/);
  });

  it('in Chrome, counts and shows no limitation', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await w.call('createOverride', { site: SITE, duration: 15, tabId: tab });
    await openPopup(tab);
    await waitFor(() => expect(screen.getByTestId('relaxed-count').textContent).toBe('0'));
    expect(screen.queryByTestId('relaxed-count-unavailable')).toBeNull();
    expect(screen.queryByTestId('limitations')).toBeNull();
  });

  it('links to the options page', async () => {
    const tab = await w.openTab(`${SITE}/`);
    const env = await openPopup(tab);
    fireEvent.click(screen.getByText('All overrides'));
    expect(env.optionsOpened).toBe(1);
  });
});
