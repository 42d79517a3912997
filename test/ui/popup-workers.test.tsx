// @vitest-environment happy-dom
// The popup says whether the relaxed site's service workers (requests with no tab) are relaxed too,
// from the rules the real background compiled (fake browser underneath).
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '../../extension/popup/Popup.tsx';
import type { OverrideDraft } from '../../src/protocol/messages.ts';
import { pageEnvFor } from '../extension/fakes/page-env.ts';
import { World, type WorldOptions } from '../extension/fakes/world.ts';

const SITE = 'http://localhost:5173';
afterEach(cleanup);

async function relaxedPopup(
  opts: WorldOptions,
  draft: Partial<OverrideDraft> = {},
  sites = [SITE],
) {
  const w = new World(opts);
  await w.start();
  const tabs: number[] = [];
  for (const site of sites) {
    const tab = await w.openTab(`${site}/app`);
    tabs.push(tab);
    await w.call('createOverride', { site, duration: 60, tabId: tab, ...draft });
  }
  render(<Popup env={pageEnvFor(w, tabs[0]!)} />);
  await screen.findByRole('switch', { name: 'CORS relaxed for this site' });
  return (await screen.findByTestId('service-workers')).textContent ?? '';
}

describe('popup: the site’s service workers', () => {
  it('a site-wide override relaxes them too, and says where it cannot', async () => {
    const text = await relaxedPopup({});
    expect(text).toMatch(/Service workers of this site are relaxed too/);
    expect(text).toMatch(/credentialed request to a server answering \*\s*stays blocked/);
  });

  it('a one-tab override does not, and says how to include them', async () => {
    const w = new World({});
    await w.start();
    const tab = await w.openTab(`${SITE}/app`);
    await w.call('createOverride', {
      site: SITE,
      duration: 60,
      tabId: tab,
      scope: { kind: 'tab', tabId: tab },
    });
    render(<Popup env={pageEnvFor(w, tab)} />);
    const text = (await screen.findByTestId('service-workers')).textContent ?? '';
    expect(text).toMatch(/not relaxed\. A one-tab override leaves/);
  });

  it('two relaxed sites on one host: neither, and why', async () => {
    const text = await relaxedPopup({}, {}, [SITE, 'http://localhost:8080']);
    expect(text).toMatch(/Another relaxed site shares the host localhost/);
  });

  it('Firefox (no response-header conditions): not relaxed, and why', async () => {
    const text = await relaxedPopup({ firefox: true });
    expect(text).toMatch(/cannot condition rules on response headers/);
  });
});
