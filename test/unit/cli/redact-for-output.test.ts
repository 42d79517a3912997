/**
 * `redactForOutput` (the CLI's rows and text blocks) serializes exactly as `redact` does, never
 * changes its input, and gives back unchanged parts themselves: on generated values mixing
 * secrets in text, header and query pairs, culprits, cookie lists, nesting, non-plain objects,
 * and on real rows of generated exchanges.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import { generateFixes } from '../../../src/fixes/index.ts';
import { redact, redactForOutput, reportExchange } from '../../../src/report/index.ts';
import { exchange, hostileText } from './exchange-arbitraries.ts';

const secretText = fc.oneof(
  fc.constantFrom(
    'plain',
    'application/json',
    'https://api.test/x?token=abc&y=1',
    'https://user:pw@host.test/',
    'Bearer abcdefgh12345678',
    'eyJhbGciOi.eyJzdWIiOi.sig',
    'AB12cd34EF56gh78IJ90kl12mn',
    'Authorization: Basic dXNlcjpwYXNz',
    'X-Api-Key: k',
    '',
  ),
  hostileText,
  fc.string({ maxLength: 40 }),
);
const headerName = fc.constantFrom(
  'Cookie',
  'Set-Cookie',
  'Authorization',
  'X-Api-Key',
  'token',
  'x',
  'Content-Type',
  'Access-Control-Allow-Origin',
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    secretText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.record({ name: headerName, value: secretText }),
    fc.record({ header: headerName, value: secretText, where: fc.constant('response') }),
    fc.record({ name: headerName, value: secretText, extra: tie('value') }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'url', 'cookies', 'value', 'name'), tie('value'), {
      maxKeys: 4,
    }),
    fc.record({ cookies: fc.array(fc.record({ name: secretText, value: secretText })) }),
    fc.date({ noInvalidDate: true }).map((d) => ({ at: d })),
  ),
}));

/** Every object and array in a value, for "is this one of the input's own". */
function containers(v: unknown, into = new Set<unknown>()): Set<unknown> {
  if (typeof v === 'object' && v !== null && !into.has(v)) {
    into.add(v);
    for (const item of Object.values(v)) containers(item, into);
  }
  return into;
}

describe('redactForOutput', () => {
  test.prop([value, fc.boolean()], { numRuns: 400 })(
    'serializes as redact does and leaves its input as it was',
    (v, enabled) => {
      const before = JSON.stringify(v);
      const shared = redactForOutput(v, { enabled });
      expect(JSON.stringify(shared)).toBe(JSON.stringify(redact(v, { enabled })));
      expect(JSON.stringify(v)).toBe(before);
    },
  );

  test.prop([value], { numRuns: 200 })(
    'gives back the input itself where redact changes nothing in it',
    (v) => {
      const shared = redactForOutput(v);
      // Plain data that needs nothing: no copy at all. (A Date is copied, as redact does, and a
      // cookie list always is: its values go whatever they are.)
      const copied = [...containers(v)].some((c) => c instanceof Date);
      if (!copied && !JSON.stringify(v).includes('"cookies"')) {
        if (JSON.stringify(redact(v)) === JSON.stringify(v)) expect(shared).toBe(v);
      }
      // Whatever is shared is an input container, never a new one that happens to be equal.
      const own = containers(v);
      for (const c of containers(shared)) {
        if (own.has(c)) expect(JSON.stringify(redact(c))).toBe(JSON.stringify(c));
      }
    },
  );

  test.prop([exchange], { numRuns: 100 })('a row of a generated exchange', (ex) => {
    const d = diagnose(ex);
    const fixes = d.verdict === 'blocked' ? generateFixes(ex, d) : [];
    const row = reportExchange(ex, d, fixes);
    expect(JSON.stringify(redactForOutput(row), null, 2)).toBe(
      JSON.stringify(redact(row), null, 2),
    );
  });
});
