import { describe, expect, it } from 'vitest';
import { parseAllowList } from '../../../src/cors/index.ts';
import { firstDisallowedHeader, isMethodAllowed } from '../../../src/cors/preflight-result.ts';

describe('parseAllowList (preflight_result_unittest.cc vectors)', () => {
  it.each(['GET, ', '', ', GET, POST, ,', 'X-MY-HEADER, ', 'GET,,PUT', '\tGET\t'])(
    '%j is valid',
    (v) => {
      expect(parseAllowList(v).ok).toBe(true);
    },
  );
  it.each(['bad value', 'GET POST', '"GET"', 'GET;', 'a/b', 'GET, P\u00dcT'])(
    '%j is invalid',
    (v) => {
      expect(parseAllowList(v)).toMatchObject({ ok: false });
    },
  );
  it('skips empty elements and keeps case unless asked', () => {
    expect(parseAllowList('GET,,put')).toEqual({ ok: true, items: ['GET', 'put'] });
    expect(parseAllowList('X-A, x-B', true)).toEqual({ ok: true, items: ['x-a', 'x-b'] });
    expect(parseAllowList(undefined)).toEqual({ ok: true, items: [] });
  });
  it('names the first bad element', () => {
    expect(parseAllowList('GET, Bad method')).toEqual({ ok: false, bad: 'Bad method' });
  });
});

describe('method and header checks', () => {
  it('methods are case-sensitive; safelisted ones always pass; * only without credentials', () => {
    expect(isMethodAllowed('PUT', ['put'], 'same-origin')).toBe(false);
    expect(isMethodAllowed('put', ['put'], 'same-origin')).toBe(true);
    expect(isMethodAllowed('get', [], 'include')).toBe(true);
    expect(isMethodAllowed('PATCH', ['*'], 'same-origin')).toBe(true);
    expect(isMethodAllowed('PATCH', ['*'], 'include')).toBe(false);
    expect(isMethodAllowed('*', ['*'], 'include')).toBe(true);
  });
  it('headers: first missing name; * covers everything (Authorization too) without credentials', () => {
    expect(firstDisallowedHeader(['a', 'b'], ['b'], 'omit')).toBe('a');
    expect(firstDisallowedHeader(['authorization'], ['*'], 'same-origin')).toBeUndefined();
    expect(firstDisallowedHeader(['x'], ['*'], 'include')).toBe('x');
    expect(firstDisallowedHeader([], [], 'include')).toBeUndefined();
  });
});
