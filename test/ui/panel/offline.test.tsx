// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { chromeEntries } from '../../fixtures/har/builders.ts';
import { scenario } from '../../fixtures/har/scenarios.ts';
import { renderPanel } from './render-panel.tsx';
import { SCENARIOS, harText, memoryClient, scenarioEntries, startedStore } from './support.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const blocked = SCENARIOS.filter((s) => s.expect.verdict === 'blocked');

/** A drag event carrying files, as the browser dispatches it. */
async function drag(target: Element, type: string, dataTransfer: object) {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  await act(async () => {
    target.dispatchEvent(event);
  });
}

function harFile(name = 'session.har') {
  return new File([harText(scenarioEntries())], name, { type: 'application/json' });
}

describe('HAR files', () => {
  test('open from the picker, without any inspected tab', async () => {
    const store = await startedStore();
    renderPanel(store);
    const input = screen.getByLabelText('HAR file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [harFile()], configurable: true });
    fireEvent.change(input);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(SCENARIOS.length));
    expect(screen.getByText('session.har')).toBeTruthy();
    expect(screen.getByText(`${blocked.length} blocked`)).toBeTruthy();
  });

  test('open by dropping on the panel, replacing the live list until “Back to the live tab”', async () => {
    const client = memoryClient({ har: scenarioEntries([scenario('allowed-get')]) });
    const store = await startedStore(client);
    const { container } = renderPanel(store);
    expect(screen.getAllByRole('option')).toHaveLength(1);
    const app = container.querySelector('.app')!;
    const dataTransfer = { types: ['Files'], files: [harFile('dropped.har')] };
    await drag(app, 'dragover', dataTransfer);
    expect(screen.getByText('Drop a HAR file to analyse it')).toBeTruthy();
    await drag(app, 'drop', dataTransfer);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(SCENARIOS.length));
    expect(screen.queryByText('Drop a HAR file to analyse it')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the live tab' }));
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
  });

  test('a damaged file shows what was read and what went wrong', async () => {
    const store = await startedStore();
    renderPanel(store);
    const text = harText(scenarioEntries());
    const input = screen.getByLabelText('HAR file') as HTMLInputElement;
    const cut = new File([text.slice(0, Math.floor(text.length * 0.6))], 'cut.har');
    Object.defineProperty(input, 'files', { value: [cut], configurable: true });
    fireEvent.change(input);
    await waitFor(() => expect(screen.getByText(/problem.* in the file/)).toBeTruthy());
    const read = screen.queryAllByRole('option').length;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(SCENARIOS.length);
  });
});

describe('a pasted console error', () => {
  test('gets the explanation, and a link to the matching request', async () => {
    const store = await startedStore(memoryClient({ har: scenarioEntries() }));
    renderPanel(store);
    fireEvent.click(screen.getByRole('button', { name: 'Explain error' }));
    const dialog = screen.getByRole('dialog', { name: 'Explain a console error' });
    fireEvent.input(within(dialog).getByLabelText('Console error'), {
      target: {
        value:
          "Access to fetch at 'http://localhost:3000/api/orders' from origin 'http://localhost:5173' has been blocked by CORS policy: Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.",
      },
    });
    await waitFor(() =>
      expect(within(dialog).getByText('HeaderDisallowedByPreflightResponse')).toBeTruthy(),
    );
    expect(dialog.textContent).toContain('x-token');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show this request in the list' }));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Request details' })).toBeTruthy(),
    );
    expect(store.getState().records.find((r) => r.key === store.getState().selectedKey)!.url).toBe(
      'http://localhost:3000/api/orders',
    );
  });

  test('says so when the text is not a CORS error', async () => {
    const store = await startedStore();
    renderPanel(store);
    fireEvent.click(screen.getByRole('button', { name: 'Explain error' }));
    fireEvent.input(screen.getByLabelText('Console error'), {
      target: { value: 'Uncaught ReferenceError: foo is not defined' },
    });
    await waitFor(() =>
      expect(screen.getByRole('dialog').querySelector('.relax-error')).toBeTruthy(),
    );
  });
});

describe('export', () => {
  const SECRET_COOKIE = 'sid=s%3A8f2a9c.Qm9vaw';
  const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig';

  async function exportPanel(includeSecrets: boolean, format: 'Markdown' | 'JSON') {
    const withAuth = chromeEntries(
      {
        page: 'http://localhost:5173/',
        hops: [
          {
            url: 'http://localhost:3000/api/private',
            headers: [['Authorization', TOKEN]],
            status: 0,
            error: 'net::ERR_FAILED',
            preflight: { status: 204, responseHeaders: [['Access-Control-Allow-Origin', '*']] },
          },
        ],
      },
      { now: Date.UTC(2026, 7, 22, 11) },
    );
    const store = await startedStore(
      memoryClient({
        har: [...scenarioEntries([scenario('wildcard-with-credentials')]), ...withAuth],
      }),
    );
    renderPanel(store);
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const dialog = screen.getByRole('dialog', { name: 'Export a report' });
    if (includeSecrets) fireEvent.click(within(dialog).getByLabelText(/Include cookies/));
    fireEvent.click(within(dialog).getByRole('button', { name: `Download ${format}` }));
    expect(saved).toHaveLength(1);
    return saved[0]!.text();
  }

  test('redacts cookies and Authorization by default, in Markdown and JSON', async () => {
    for (const format of ['Markdown', 'JSON'] as const) {
      const text = await exportPanel(false, format);
      expect(text, format).toContain('WildcardOriginNotAllowed');
      expect(text, format).toContain('Cookie');
      expect(text, format).toContain('Authorization');
      expect(text, format).not.toContain('8f2a9c');
      expect(text, format).not.toContain('eyJhbGciOiJIUzI1NiJ9');
      cleanup();
    }
  });

  test('includes them when the user ticks the box', async () => {
    const json = JSON.parse(await exportPanel(true, 'JSON')) as {
      exchanges: {
        verdict: string;
        legs: { request: { headers: { name: string; value: string }[] } }[];
      }[];
    };
    const sent = json.exchanges.flatMap((e) => e.legs.flatMap((l) => l.request.headers));
    expect(sent).toContainEqual({ name: 'Cookie', value: SECRET_COOKIE });
    expect(sent).toContainEqual({ name: 'Authorization', value: TOKEN });
    expect(json.exchanges.map((e) => e.verdict)).toEqual(['blocked', 'blocked']);
  });
});
