// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { scenario } from '../../fixtures/har/scenarios.ts';
import { renderPanel } from './render-panel.tsx';
import { memoryClient, scenarioEntries, startedStore } from './support.ts';

afterEach(cleanup);

async function openWhatIf(name: string) {
  const store = await startedStore(memoryClient({ har: scenarioEntries([scenario(name)]) }));
  renderPanel(store);
  fireEvent.click(screen.getAllByRole('option')[0]!);
  const detail = await screen.findByRole('region', { name: 'Request details' });
  fireEvent.click(within(detail).getByRole('tab', { name: 'What if' }));
  return detail;
}

const verdict = (detail: HTMLElement) => detail.querySelector('.what-if-verdict')!.textContent!;

function edit(field: HTMLElement, value: string) {
  fireEvent.input(field, { target: { value } });
}

describe('what if the server answered differently', () => {
  test('adding Access-Control-Allow-Origin flips a blocked GET to allowed', async () => {
    const detail = await openWhatIf('missing-allow-origin');
    expect(verdict(detail)).toContain('Still blocked: MissingAllowOriginHeader');
    const headers = within(detail).getByLabelText('Response headers') as HTMLTextAreaElement;
    edit(headers, `${headers.value}\nAccess-Control-Allow-Origin: http://localhost:3000`);
    // The wrong origin: still blocked, now for another reason.
    expect(verdict(detail)).toContain('Still blocked: AllowOriginMismatch');
    edit(headers, `${headers.value.replace(/http:\/\/localhost:3000$/, 'http://localhost:5173')}`);
    expect(verdict(detail)).toContain('The browser would accept this');
  });

  test('a preflight needs the header allowed, and the actual response needs its own CORS headers', async () => {
    const detail = await openWhatIf('header-not-allowed');
    const preflight = within(detail).getByLabelText(
      'Preflight response headers',
    ) as HTMLTextAreaElement;
    edit(
      preflight,
      preflight.value.replace(
        'Access-Control-Allow-Headers: content-type',
        'Access-Control-Allow-Headers: content-type, x-token',
      ),
    );
    // The request was never sent: its response is an assumption, without CORS headers so far.
    expect(detail.textContent).toContain('never received this response');
    expect(verdict(detail)).toContain('Still blocked: MissingAllowOriginHeader');
    edit(
      within(detail).getByLabelText('Response headers'),
      'Content-Type: application/json\nAccess-Control-Allow-Origin: http://localhost:5173',
    );
    expect(verdict(detail)).toContain('The browser would accept this');
  });

  test('the suggestion pre-fills headers the browser accepts, and reset brings the server’s back', async () => {
    for (const name of [
      'wildcard-with-credentials',
      'method-not-allowed',
      'preflight-404-without-cors',
      'missing-allow-credentials',
      'multiple-allow-origin-values',
    ]) {
      const detail = await openWhatIf(name);
      fireEvent.click(within(detail).getByRole('button', { name: 'Suggest headers that work' }));
      expect(verdict(detail), name).toContain('The browser would accept this');
      fireEvent.click(within(detail).getByRole('button', { name: /Reset/ }));
      expect(verdict(detail), name).toContain('Still blocked');
      cleanup();
    }
  });

  test('an unreadable line is reported instead of judged', async () => {
    const detail = await openWhatIf('missing-allow-origin');
    edit(within(detail).getByLabelText('Response headers'), 'this line has no colon');
    expect(verdict(detail)).toContain('Line 1: expected "Name: value"');
    edit(within(detail).getByLabelText('Response status'), 'abc');
    expect(verdict(detail)).toContain('status must be a number');
  });
});
