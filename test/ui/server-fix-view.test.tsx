// @vitest-environment happy-dom
// "Server fix for what this override does": the stack picker, the API server picker, and the
// CommonJS variant next to the ES module form, all rendered from fixForOverride.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { ServerFixView, SERVER_FIX_TITLE } from '../../extension/ui/ServerFixView.tsx';
import { fixForOverride, type OverrideShape } from '../../src/fixes/index.ts';

afterEach(cleanup);

const override: OverrideShape = {
  site: 'http://localhost:5173',
  apiOrigins: ['http://localhost:3000', 'http://localhost:4000'],
  credentials: true,
  methods: [],
  requestHeaders: [],
  exposeHeaders: ['X-Total-Count'],
  learned: { methods: ['PURGE'], requestHeaders: ['x-request-id'] },
};

it('shows the generator’s config for the chosen stack and API server', () => {
  render(<ServerFixView override={override} open />);
  const view = screen.getByRole('region', { name: SERVER_FIX_TITLE });
  const pre = () => view.querySelector('pre')!.textContent;
  expect(pre()).toBe(fixForOverride(override, { stack: 'express' })!.code);
  // Both module systems for a Node stack.
  const cjs = within(view).getByRole('region', {
    name: 'Express (cors middleware), CommonJS (require)',
  });
  expect(cjs.textContent).toContain("const cors = require('cors');");

  const [stack, api] = within(view).getAllByRole('combobox') as HTMLSelectElement[];
  fireEvent.change(stack!, { target: { value: 'nginx' } });
  expect(pre()).toBe(fixForOverride(override, { stack: 'nginx' })!.code);
  expect(pre()).toContain('http://localhost:3000');
  fireEvent.change(api!, { target: { value: 'http://localhost:4000' } });
  expect(pre()).toContain('http://localhost:4000');
  expect(within(view).queryByRole('region', { name: /CommonJS/ })).toBeNull();
});

it('leads with what the config covers, once, and names its controls', () => {
  render(<ServerFixView override={override} open />);
  const view = screen.getByRole('region', { name: SERVER_FIX_TITLE });
  const covers = 'This configures http://localhost:3000 to allow http://localhost:5173';
  expect(view.querySelector('.server-fix-covers')!.textContent).toContain(covers);
  // Above the pickers and the code, and not repeated in the notes below them.
  expect(view.firstElementChild!.classList.contains('server-fix-covers')).toBe(true);
  expect(view.querySelector('.fix-notes')!.textContent).not.toContain(covers);
  expect(within(view).getByRole('combobox', { name: 'Stack' })).toBeDefined();
  const api = within(view).getByRole('combobox', { name: 'API server' }) as HTMLSelectElement;
  fireEvent.change(api, { target: { value: 'http://localhost:4000' } });
  expect(view.querySelector('.server-fix-covers')!.textContent).toContain(
    'This configures http://localhost:4000',
  );
  // Named "Copy" like every copy button; described by what it copies (the panel shows several).
  const copy = within(view).getByRole('button', { name: 'Copy' });
  const described = document.getElementById(copy.getAttribute('aria-describedby')!);
  expect(described!.textContent).toBe('Express (cors middleware) · ES module (import)');
  expect(within(view).getByRole('button', { name: 'Copy CommonJS (require)' })).toBeDefined();
});

it('one API origin: no server picker; the notes say the override can go once deployed', () => {
  render(
    <ServerFixView
      override={{ ...override, apiOrigins: ['http://localhost:3000'] }}
      stack="django"
      open
    />,
  );
  const view = screen.getByRole('region', { name: SERVER_FIX_TITLE });
  expect(within(view).getAllByRole('combobox')).toHaveLength(1);
  expect(view.querySelector('pre')!.textContent).toContain('CORS_ALLOWED_ORIGINS');
  expect(view.textContent).toContain('the override can be deleted');
});
