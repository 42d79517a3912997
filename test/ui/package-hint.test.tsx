// @vitest-environment happy-dom
/**
 * "Which package relaxes this": the panel (for a blocked request whose preflight the server failed
 * or redirected) and the popup (for the site) name the package that can relax it — the lean Chrome
 * package names "CORS Lens (with preflight answers)", that package points to its own switch, Firefox
 * says none can. Capabilities come from the real background (World) for the popup and are injected
 * into the panel's client, as the background would answer for each package.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { Popup } from '../../extension/popup/Popup.tsx';
import type { Exchange } from '../../src/cors/types.ts';
import type { Capabilities } from '../../src/protocol/messages.ts';
import { needsAnsweredPreflight, PREFLIGHT_PACKAGE_NAME } from '../../src/protocol/packages.ts';
import { scenario } from '../fixtures/har/scenarios.ts';
import { pageEnvFor } from '../extension/fakes/page-env.ts';
import { World } from '../extension/fakes/world.ts';
import { renderPanel } from './panel/render-panel.tsx';
import { createOverride } from '../../src/overrides/index.ts';
import type { Override } from '../../src/overrides/types.ts';
import {
  memoryClient,
  PAGE_ORIGIN,
  scenarioEntries,
  START,
  startedStore,
} from './panel/support.ts';

afterEach(cleanup);

const LEAN: Capabilities = {
  answerPreflights: false,
  answerPreflightsNote: 'not in this package',
  preflightPackage: PREFLIGHT_PACKAGE_NAME,
  relaxedCount: true,
};
const WITH_DEBUGGER: Capabilities = { answerPreflights: true, relaxedCount: true };
const FIREFOX: Capabilities = {
  answerPreflights: false,
  answerPreflightsNote: 'Firefox has no debugger API',
  relaxedCount: false,
};

async function openDetail(name: string, capabilities?: Capabilities, overrides: Override[] = []) {
  const client = memoryClient({ har: scenarioEntries([scenario(name)]), capabilities, overrides });
  const store = await startedStore(client);
  renderPanel(store);
  fireEvent.click(screen.getAllByRole('option')[0]!);
  const detail = await screen.findByRole('region', { name: 'Request details' });
  // getCapabilities is answered after start(): wait for the store to hold it.
  await new Promise((r) => setTimeout(r, 0));
  return detail;
}

describe('panel: a preflight the server fails', () => {
  for (const name of ['preflight-500-with-cors', 'preflight-404-without-cors']) {
    test(`${name}: the lean package names the package with preflight answers`, async () => {
      const detail = await openDetail(name, LEAN);
      const hint = await within(detail).findByTestId('package-hint');
      expect(hint.textContent).toContain(
        `Only the package “${PREFLIGHT_PACKAGE_NAME}” relaxes this`,
      );
      // The Relax button keeps its accessible name.
      expect(within(detail).getByRole('button', { name: /^Relax CORS for / })).toBeTruthy();
    });
  }

  test('the package with preflight answers points to its own switch', async () => {
    const detail = await openDetail('preflight-500-with-cors', WITH_DEBUGGER);
    const hint = await within(detail).findByTestId('package-hint');
    expect(hint.textContent).toMatch(/This package can relax it: turn on “Answer preflights”/);
    expect(hint.textContent).not.toContain(PREFLIGHT_PACKAGE_NAME);
  });

  test('with “Answer preflights” already on for the site, says so instead', async () => {
    const made = createOverride(
      { site: PAGE_ORIGIN, duration: 60, answerPreflights: true },
      START,
      'o1',
    );
    const detail = await openDetail('preflight-500-with-cors', WITH_DEBUGGER, [made.value!]);
    const hint = await within(detail).findByTestId('package-hint');
    expect(hint.textContent).toMatch(/“Answer preflights” is on for this site/);
  });

  test('Firefox says no package can, and where the fix is', async () => {
    const detail = await openDetail('preflight-500-with-cors', FIREFOX);
    const hint = await within(detail).findByTestId('package-hint');
    expect(hint.textContent).toMatch(/No CORS Lens package relaxes this in this browser/);
  });

  test('nothing while the background has not answered', async () => {
    const detail = await openDetail('preflight-500-with-cors');
    expect(within(detail).queryByTestId('package-hint')).toBeNull();
  });

  for (const name of ['missing-allow-origin', 'header-not-allowed']) {
    test(`${name}: headers relax it, so no package hint`, async () => {
      const detail = await openDetail(name, LEAN);
      expect(within(detail).queryByTestId('package-hint')).toBeNull();
    });
  }
});

describe('needsAnsweredPreflight', () => {
  const legs = (status?: number): Pick<Exchange, 'legs'> => ({
    legs: [
      {
        request: { url: 'http://api.test/x', method: 'PUT', headers: [] },
        ...(status === undefined
          ? {}
          : {
              preflight: {
                request: { url: 'http://api.test/x', method: 'OPTIONS', headers: [] },
                response: { status, headers: [] },
              },
            }),
      },
    ],
  });
  test('failed and redirected preflights, whatever Chromium named first', () => {
    expect(needsAnsweredPreflight('PreflightInvalidStatus', legs(405))).toBe(true);
    expect(needsAnsweredPreflight('PreflightDisallowedRedirect', legs(307))).toBe(true);
    // A bare 404: Chromium reports the missing ACAO first; headers would only reveal the status.
    expect(needsAnsweredPreflight('PreflightMissingAllowOriginHeader', legs(404))).toBe(true);
    expect(needsAnsweredPreflight('PreflightMissingAllowOriginHeader', legs(204))).toBe(false);
    expect(needsAnsweredPreflight('MissingAllowOriginHeader', legs(500))).toBe(false);
    expect(needsAnsweredPreflight('HeaderDisallowedByPreflightResponse', legs(200))).toBe(false);
    expect(needsAnsweredPreflight(undefined, legs(500))).toBe(false);
  });
});

describe('popup: which failures this package leaves to the other one', () => {
  const SITE = 'http://localhost:5173';
  async function popupIn(w: World) {
    await w.start();
    const tab = await w.openTab(`${SITE}/app`);
    render(<Popup env={pageEnvFor(w, tab)} />);
    // The switch keeps its accessible name.
    await screen.findByRole('switch', { name: 'Relax CORS for this site' });
  }

  test('the lean Chrome package names the package with preflight answers', async () => {
    await popupIn(new World());
    const hint = await screen.findByTestId('package-hint');
    expect(hint.textContent).toMatch(/error status \(404, 405, 5xx\) or a redirect/);
    expect(hint.textContent).toContain(`“${PREFLIGHT_PACKAGE_NAME}” relaxes it`);
  });

  test('not in the package with preflight answers, nor in Firefox', async () => {
    await popupIn(new World({ withDebugger: true }));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByTestId('package-hint')).toBeNull();
    cleanup();
    await popupIn(new World({ firefox: true }));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByTestId('package-hint')).toBeNull();
  });
});
