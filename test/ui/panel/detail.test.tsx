// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { scenario } from '../../fixtures/har/scenarios.ts';
import { renderPanel } from './render-panel.tsx';
import { memoryClient, scenarioEntries, startedStore } from './support.ts';

afterEach(cleanup);

async function openDetail(name: string, tab?: string) {
  const client = memoryClient({ har: scenarioEntries([scenario(name)]) });
  const store = await startedStore(client);
  renderPanel(store);
  fireEvent.click(screen.getAllByRole('option')[0]!);
  const detail = await screen.findByRole('region', { name: 'Request details' });
  if (tab) fireEvent.click(within(detail).getByRole('tab', { name: tab }));
  return { detail, store, client };
}

describe('a blocked preflight, step by step', () => {
  test('draws the conversation and marks where it broke', async () => {
    const { detail } = await openDetail('header-not-allowed');
    const diagram = within(detail).getByRole('figure');
    const messages = [...diagram.querySelectorAll('li')].map((li) => li.className);
    // Preflight, its answer (where the check failed), and the request the browser never sent.
    expect(messages).toEqual([
      expect.stringContaining('seq-kind-preflight'),
      expect.stringContaining('seq-broken'),
      expect.stringContaining('seq-not-sent'),
    ]);
    expect(diagram.textContent).toContain('OPTIONS /api/orders');
    expect(diagram.textContent).toContain('Access-Control-Request-Headers: x-token');
    expect(diagram.textContent).toContain('TypeError: Failed to fetch');
  });

  test('names Chromium’s reason, its console message, and why a preflight was sent', async () => {
    const { detail } = await openDetail('header-not-allowed');
    expect(
      within(detail).getAllByText('HeaderDisallowedByPreflightResponse').length,
    ).toBeGreaterThan(0);
    expect(detail.querySelector('.console-line')!.textContent).toMatch(
      /Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response/,
    );
    expect(detail.textContent).toMatch(/x-token is not CORS-safelisted/i);
    const failed = detail.querySelector('.check-fail');
    expect(failed?.textContent).toBeTruthy();
  });

  test('highlights the culprit header in the preflight response', async () => {
    const { detail } = await openDetail('header-not-allowed', 'Headers');
    const culprits = [...detail.querySelectorAll('tr[data-culprit]')];
    expect(culprits).toHaveLength(1);
    expect(culprits[0]!.textContent).toMatch(/Access-Control-Allow-Headers.*content-type/);
    expect(culprits[0]!.closest('section')!.querySelector('h4')!.textContent).toMatch(
      /Preflight response/,
    );
  });

  test('shows a missing header as the culprit', async () => {
    const { detail } = await openDetail('missing-allow-origin', 'Headers');
    const culprit = detail.querySelector('tr[data-culprit]')!;
    expect(culprit.textContent).toMatch(/Access-Control-Allow-Origin.*\(missing\)/);
  });

  test('offers fixes with the detected stack first, ready to copy, and the preflight as curl', async () => {
    const writes: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text) => {
      writes.push(text);
    });
    const { detail } = await openDetail('header-not-allowed', 'Fixes');
    const stacks = within(detail)
      .getAllByRole('tab', { selected: false })
      .concat(within(detail).getAllByRole('tab', { selected: true }));
    expect(stacks.length).toBeGreaterThan(3);
    const chosen = within(detail.querySelector('.stack-picker')!).getByRole('tab', {
      selected: true,
    });
    // The page is on Vite's port and the API answers "X-Powered-By: Express": detected stacks lead.
    expect(chosen.textContent).toContain('detected');
    const express = within(detail).getByRole('tab', { name: /Express/ });
    expect(express.textContent).toContain('detected');
    fireEvent.click(express);
    await waitFor(() => expect(express.getAttribute('aria-selected')).toBe('true'));
    const code = detail.querySelector('.fix .code')!.textContent!;
    expect(code).toContain('x-token');
    expect(code).toContain('http://localhost:5173');
    fireEvent.click(within(detail.querySelector('.fix')!).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writes).toEqual([code]));
    const curl = detail.querySelector('.curl .code')!.textContent!;
    expect(curl).toMatch(/curl -i -X OPTIONS '?http:\/\/localhost:3000\/api\/orders/);
    expect(curl).toMatch(/Access-Control-Request-Headers: x-token/);
    // The PowerShell form: curl.exe, PowerShell quoting and backtick continuations.
    const curlSection = detail.querySelector<HTMLElement>('.curl')!;
    fireEvent.click(within(curlSection).getByRole('button', { name: 'Copy for PowerShell' }));
    await waitFor(() =>
      expect(writes.at(-1)).toMatch(
        /^curl\.exe -i -X 'OPTIONS' 'http:\/\/localhost:3000\/api\/orders[^\n]*' `\n/,
      ),
    );
    // Another stack stays chosen for the next exchange too.
    const django = within(detail).getByRole('tab', { name: /Django/ });
    fireEvent.click(django);
    await waitFor(() => expect(detail.querySelector('.fix .code')!.textContent).toMatch(/CORS_/));
  });

  test('says nothing needs fixing for an allowed exchange', async () => {
    const { detail } = await openDetail('allowed-preflighted-post', 'Fixes');
    expect(detail.textContent).toContain('Nothing to fix');
    expect(within(detail).queryByRole('button', { name: /Relax CORS/ })).toBeNull();
  });
});

describe('the relax button', () => {
  test('creates the override through the background and says the next request passes', async () => {
    const { detail, client } = await openDetail('missing-allow-origin');
    fireEvent.click(
      within(detail).getByRole('button', { name: 'Relax CORS for http://localhost:5173' }),
    );
    await waitFor(() =>
      expect(within(detail).getByText(/The next request will pass/)).toBeTruthy(),
    );
    expect(client.sent.map((m) => m.type)).toContain('createOverride');
  });
});
