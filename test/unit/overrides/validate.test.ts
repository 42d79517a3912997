import { describe, expect, it } from 'vitest';
import { validateOverride, validateOverrideList } from '../../../src/overrides/validate.ts';
import { override, SITE } from './fixtures.ts';

describe('validateOverride', () => {
  it('accepts a full override and normalizes it', () => {
    const raw = {
      ...override(),
      site: 'HTTP://LOCALHOST:5173/',
      apiOrigins: ['http://localhost:3000', 'http://localhost:3000/', 'https://*.example.com'],
      methods: ['PUT', 'PUT', 'patch'],
      requestHeaders: ['X-Custom', 'x-custom', 'Authorization'],
      exposeHeaders: ['X-Total-Count'],
    };
    const { value, errors } = validateOverride(raw);
    expect(errors).toEqual([]);
    expect(value?.site).toBe(SITE);
    expect(value?.apiOrigins).toEqual(['http://localhost:3000', 'https://*.example.com']);
    expect(value?.methods).toEqual(['PUT', 'patch']);
    expect(value?.requestHeaders).toEqual(['x-custom', 'authorization']);
    expect(value?.exposeHeaders).toEqual(['x-total-count']);
  });

  it('names every bad field', () => {
    const { value, errors } = validateOverride({
      ...override(),
      id: '',
      site: 'localhost:5173',
      apiOrigins: ['http://localhost:5173', 'ftp://x'],
      credentials: 'yes',
      methods: ['TRACE', 'bad method', '*'],
      requestHeaders: ['cookie', '*', 'x y'],
      exposeHeaders: 'x',
      scope: { kind: 'tab' },
      end: { kind: 'never' },
      paused: 1,
      createdAt: -5,
    });
    expect(value).toBeUndefined();
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(byPath['id']).toContain('non-empty id');
    expect(byPath['site']).toBe('Add the scheme: http://localhost:5173');
    expect(byPath['apiOrigins[1]']).toContain('Only http:// and https://');
    expect(byPath['credentials']).toBe('Expected true or false.');
    expect(byPath['methods[0]']).toContain('never send TRACE');
    expect(byPath['methods[1]']).toContain('not a valid method');
    expect(byPath['methods[2]']).toContain('"*" is a literal');
    expect(byPath['requestHeaders[0]']).toContain('Scripts cannot set cookie');
    expect(byPath['requestHeaders[1]']).toContain('"*" is a literal');
    expect(byPath['requestHeaders[2]']).toContain('not a valid header name');
    expect(byPath['exposeHeaders']).toBe('Expected a list.');
    expect(byPath['scope.tabId']).toContain('tab id');
    expect(byPath['end.kind']).toContain('"at" or "tab-close"');
    expect(byPath['paused']).toBe('Expected true or false.');
    expect(byPath['createdAt']).toContain('epoch');
  });

  it('refuses the site itself among the API origins (the site error path is the entry)', () => {
    const { errors } = validateOverride({ ...override(), apiOrigins: [SITE] });
    expect(errors).toEqual([
      { path: 'apiOrigins[0]', message: expect.stringContaining('the site itself') },
    ]);
  });

  it('refuses an empty API-origin list and floods', () => {
    expect(validateOverride({ ...override(), apiOrigins: [] }).errors[0]?.message).toContain(
      'at least one',
    );
    const many = Array.from({ length: 500 }, (_, i) => `X-H${i}`);
    expect(validateOverride({ ...override(), requestHeaders: many }).errors[0]?.message).toContain(
      'At most 64',
    );
  });

  it('rejects non-objects without throwing', () => {
    for (const raw of [null, 3, 'x', [], undefined]) {
      expect(validateOverride(raw).errors).toHaveLength(1);
    }
  });

  it('accepts learned redirect origins and checks them', () => {
    const ok = validateOverride({
      ...override(),
      learned: {
        methods: ['PROPFIND'],
        requestHeaders: [],
        redirectOrigins: ['https://cdn.example'],
      },
    });
    expect(ok.errors).toEqual([]);
    const bad = validateOverride({
      ...override(),
      learned: { methods: ['GET'], requestHeaders: [], redirectOrigins: ['nope'] },
    });
    expect(bad.errors.map((e) => e.path)).toEqual([
      'learned.methods[0]',
      'learned.redirectOrigins[0]',
    ]);
  });
});

describe('validateOverrideList', () => {
  it('is all or nothing and names the entry', () => {
    const good = override();
    const result = validateOverrideList([good, { ...good, id: 'ov-2', site: 'localhost:3000' }]);
    expect(result.value).toBeUndefined();
    expect(result.errors).toEqual([
      { path: '[1].site', message: 'Add the scheme: http://localhost:3000' },
    ]);
  });

  it('refuses duplicate ids and sites', () => {
    const a = override();
    const result = validateOverrideList([a, { ...a }, { ...a, id: 'ov-3' }]);
    expect(result.value).toBeUndefined();
    expect(result.errors.map((e) => e.path)).toEqual(['[1].id', '[1].site', '[2].site']);
  });

  it('returns the normalized list when all is well', () => {
    const result = validateOverrideList([
      override(),
      override({ id: 'b', site: 'http://127.0.0.1:80' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.value?.map((o) => o.site)).toEqual([SITE, 'http://127.0.0.1']);
  });

  it('refuses something that is not a list', () => {
    expect(validateOverrideList({ overrides: [] }).errors).toEqual([
      { path: '(root)', message: 'Expected a list of overrides.' },
    ]);
  });
});
