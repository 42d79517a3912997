// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { renderPanel } from './render-panel.tsx';
import {
  SCENARIOS,
  manyEntries,
  memoryClient,
  sameOriginEntry,
  scenarioEntries,
  startedStore,
} from './support.ts';

afterEach(cleanup);

const blocked = SCENARIOS.filter((s) => s.expect.verdict === 'blocked');

function rows() {
  return screen.queryAllByRole('option');
}

describe('the list', () => {
  test('shows each exchange with its status and Chromium’s reason, and the blocked count', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    renderPanel(store);
    expect(rows()).toHaveLength(SCENARIOS.length);
    expect(screen.getByRole('status', { name: 'Blocked cross-origin requests' }).textContent).toBe(
      `${blocked.length} blocked`,
    );
    for (const scenario of blocked) {
      // Every blocked row names its reason; the first hop's URL identifies it.
      const url = scenario.spec.hops[0]!.url;
      const row = rows().find(
        (r) => r.title === url && r.textContent!.includes(scenario.expect.reason!),
      );
      expect(row, scenario.name).toBeDefined();
      expect(within(row!).getByText('Blocked')).toBeTruthy();
    }
    const allowedRow = rows().find((r) => r.title === 'http://localhost:3000/api/profile')!;
    expect(allowedRow.textContent).toContain('Allowed');
    const refused = rows().find((r) => r.title === 'http://localhost:4000/api/health')!;
    expect(refused.textContent).toContain('net::ERR_CONNECTION_REFUSED');
  });

  test('filters by URL words and by “Blocked only”, and shows same-origin traffic on request', async () => {
    const store = await startedStore(
      memoryClient({ har: [...scenarioEntries(), sameOriginEntry()] }),
    );
    renderPanel(store);
    fireEvent.input(screen.getByLabelText('Filter by URL'), { target: { value: 'orders' } });
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.input(screen.getByLabelText('Filter by URL'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Blocked only'));
    await waitFor(() => expect(rows()).toHaveLength(blocked.length));
    expect(rows().every((r) => r.textContent!.includes('Blocked'))).toBe(true);
    fireEvent.click(screen.getByLabelText('Blocked only'));
    await waitFor(() => expect(rows()).toHaveLength(SCENARIOS.length));
    fireEvent.click(screen.getByLabelText('Same-origin'));
    await waitFor(() => expect(rows()).toHaveLength(SCENARIOS.length + 1));
    expect(rows().some((r) => r.title === 'http://localhost:5173/local/config.json')).toBe(true);
  });

  test('new requests appear live', async () => {
    const client = memoryClient();
    const store = await startedStore(client);
    renderPanel(store);
    expect(screen.getByText(/No cross-origin requests yet/)).toBeTruthy();
    await act(async () => {
      for (const entry of scenarioEntries(blocked.slice(0, 2))) client.finish(entry);
    });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByText('2 blocked')).toBeTruthy();
  });
});

describe('keyboard', () => {
  test('↓/↑ select, Enter opens the detail, Esc closes it, / searches', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    renderPanel(store);
    const list = screen.getByRole('listbox');
    list.focus();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[0]!.getAttribute('aria-selected')).toBe('true'));
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    await waitFor(() => expect(rows()[1]!.getAttribute('aria-selected')).toBe('true'));
    expect(list.getAttribute('aria-activedescendant')).toBe(rows()[1]!.id);
    // Selecting shows the detail; Enter moves the focus into it.
    const detail = await screen.findByRole('region', { name: 'Request details' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(document.activeElement).toBe(detail);
    fireEvent.keyDown(detail, { key: 'Escape' });
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Request details' })).toBeNull(),
    );
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Filter by URL'));
    // Typing in the search box does not move the selection.
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(store.getState().selectedKey).toBeUndefined();
  });
});

describe('scale', () => {
  test('5,000 exchanges render a bounded number of rows, and scrolling shows others', async () => {
    const store = await startedStore(memoryClient({ har: manyEntries(5000) }));
    expect(store.getState().records).toHaveLength(5000);
    const { container } = renderPanel(store);
    const first = rows();
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(80);
    // The whole panel stays small: no per-exchange DOM.
    expect(container.querySelectorAll('*').length).toBeLessThan(1500);
    const list = screen.getByRole('listbox');
    await act(async () => {
      list.scrollTop = 24 * 2500;
      fireEvent.scroll(list);
    });
    const middle = rows();
    expect(middle.length).toBeLessThan(80);
    expect(middle.some((r) => r.title.endsWith('n=2500'))).toBe(true);
    expect(middle.some((r) => first.includes(r))).toBe(false);
    // Building 5,000 exchanges from HAR entries takes a second or two on a shared machine.
  }, 30_000);
});
