import { describe, expect, it } from 'vitest';
import { checkAccess, preflightTwin } from '../../../src/cors/index.ts';
import type { CheckAccessInput } from '../../../src/cors/index.ts';

const O = 'https://app.test';
const run = (allowOrigin: string | undefined, extra: Partial<CheckAccessInput> = {}) =>
  checkAccess({
    allowOrigin,
    allowCredentials: undefined,
    credentials: 'same-origin',
    origin: O,
    ...extra,
  });

describe('checkAccess (cors.cc order)', () => {
  it('"*" passes without credentials, whatever ACAC says', () => {
    expect(run('*')).toEqual({ ok: true });
    expect(run('*', { allowCredentials: 'false' })).toEqual({ ok: true });
  });
  it('"*" with credentials fails, even with ACAC true; non-HTTP responses fall through to ACAC', () => {
    expect(run('*', { credentials: 'include', allowCredentials: 'true' })).toMatchObject({
      ok: false,
      error: 'WildcardOriginNotAllowed',
      failedParameter: '',
    });
    expect(
      run('*', { credentials: 'include', allowCredentials: 'true', responseIsHttp: false }),
    ).toEqual({ ok: true });
  });
  it('absent → Missing', () =>
    expect(run(undefined)).toMatchObject({ error: 'MissingAllowOriginHeader' }));
  it('multiple values are detected by space or comma', () => {
    expect(run('*, *')).toMatchObject({
      error: 'MultipleAllowOriginValues',
      failedParameter: '*, *',
    });
    expect(run(`${O},${O}`)).toMatchObject({ error: 'MultipleAllowOriginValues' });
    expect(run('a b')).toMatchObject({ error: 'MultipleAllowOriginValues' });
  });
  it('"null" is a mismatch for a normal origin and a match for an opaque one', () => {
    expect(run('null')).toMatchObject({ error: 'AllowOriginMismatch', failedParameter: 'null' });
    expect(run('null', { origin: 'null' })).toEqual({ ok: true });
  });
  it.each(['example.com', '', '-', '**', "'*'", '"*"', '//app.test', 'https://'])(
    'invalid URL %j → InvalidAllowOriginValue',
    (v) => {
      expect(run(v)).toMatchObject({ error: 'InvalidAllowOriginValue', failedParameter: v });
    },
  );
  it.each([
    'http:/app.test',
    'http:app.test',
    'https://app.test/',
    'HTTPS://APP.TEST',
    'https://app.test:443',
    'foo:bar',
  ])('valid URL %j → mismatch', (v) => {
    expect(run(v)).toMatchObject({ error: 'AllowOriginMismatch', failedParameter: v });
  });
  it('ACAC must be exactly "true" with credentials', () => {
    const inc = { credentials: 'include' as const };
    expect(run(O, inc)).toMatchObject({ error: 'InvalidAllowCredentials', failedParameter: '' });
    expect(run(O, { ...inc, allowCredentials: 'True' })).toMatchObject({
      error: 'InvalidAllowCredentials',
      failedParameter: 'True',
    });
    expect(run(O, { ...inc, allowCredentials: 'true' })).toEqual({ ok: true });
  });
  it('maps to the preflight twins', () => {
    expect(preflightTwin('MissingAllowOriginHeader')).toBe('PreflightMissingAllowOriginHeader');
    expect(preflightTwin('InvalidAllowCredentials')).toBe('PreflightInvalidAllowCredentials');
  });
});
