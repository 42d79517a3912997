// `test.prop([arbitraries], params)(name, property)`: a vitest test that checks a fast-check
// property, as `@fast-check/vitest` spells it. That package builds its `test` at import by walking
// every combination of vitest 4's test modifiers (skip, only, concurrent, sequential, fails…):
// measured, 2.8 s of CPU in each worker that imports it (most of the unit suite's do). This is
// the one form our tests use, with the same seed handling and the seed in the test's name, so a
// failure can be replayed with `fc.configureGlobal({ seed })` or `params.seed`.
import * as fc from 'fast-check';
import { test as vitestTest } from 'vitest';

export { fc };

/** What a property may return: `false` (or a promise of it) fails the run, as in fast-check. */
type PropertyResult = boolean | void | Promise<boolean | void>;

type Values<Ts extends unknown[]> = { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };

function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: Values<Ts>,
  params: fc.Parameters<Ts> = {},
): (name: string, property: (...values: Ts) => PropertyResult, timeout?: number) => void {
  return (name, property, timeout) => {
    const global = fc.readConfigureGlobal();
    const seed = params.seed ?? global.seed ?? Date.now() ^ (Math.random() * 0x100000000);
    const asserted = fc.asyncProperty(...arbitraries, async (...values: Ts) => property(...values));
    vitestTest(
      `${name} (with seed=${seed})`,
      () =>
        fc.assert(asserted, {
          ...params,
          seed,
          interruptAfterTimeLimit: params.interruptAfterTimeLimit ?? global.interruptAfterTimeLimit,
        }),
      timeout,
    );
  };
}

/** vitest's own `test` (untouched: other files share it), with `.prop` for properties. */
export const test = new Proxy(vitestTest, {
  get: (target, key) => (key === 'prop' ? prop : Reflect.get(target, key)),
}) as typeof vitestTest & { prop: typeof prop };
export const it = test;

/**
 * `fc.string({ unit: 'binary', … })`: any Unicode code point except the surrogate halves (strings
 * that survive UTF-8; tests add lone surrogates as constants where they matter). fast-check's own
 * 'binary' unit spends 1.8 s of CPU per worker, at first use, mapping all 1.1 million code points
 * back to their draws (to seed strings such as `__proto__`); this unit skips that step.
 */
const SURROGATES = { first: 0xd800, count: 0x800 };
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff - SURROGATES.count })
  .map((n) => String.fromCodePoint(n < SURROGATES.first ? n : n + SURROGATES.count));
export function binaryString(constraints: { minLength?: number; maxLength?: number } = {}) {
  return fc.string({ ...constraints, unit: anyCodePoint });
}

/** A URL character: mostly unreserved or sub-delims, sometimes any code point, percent-encoded. */
const URL_CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@",
];
const percentEncoded = anyCodePoint.map((c) => {
  const encoded = encodeURIComponent(c);
  return encoded !== c ? encoded : `%${c.charCodeAt(0).toString(16)}`;
});
const urlChar = (extra: string[] = []) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...URL_CHARS, ...extra) },
    { weight: 1, arbitrary: percentEncoded },
  );

/**
 * `fc.webPath()`: empty, or `/`-led segments (empty ones too, as in `//`). fast-check's own web
 * arbitraries draw their percent-encoded characters from the 'binary' unit (see `binaryString`).
 */
export function webPath() {
  return fc
    .array(fc.string({ unit: urlChar(), maxLength: 10 }), { maxLength: 5 })
    .map((segments) => segments.map((segment) => `/${segment}`).join(''));
}

/** `fc.webUrl(…)`: http(s), a domain name, a path, and a query and a fragment when asked for. */
export function webUrl(options: { withQueryParameters?: boolean; withFragments?: boolean } = {}) {
  const tail = (mark: string, wanted: boolean | undefined) =>
    wanted
      ? fc
          .option(fc.string({ unit: urlChar(['/', '?']), maxLength: 15 }), { nil: undefined })
          .map((text) => (text === undefined ? '' : mark + text))
      : fc.constant('');
  return fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.domain(),
      webPath(),
      tail('?', options.withQueryParameters),
      tail('#', options.withFragments),
    )
    .map(
      ([scheme, domain, path, query, fragment]) =>
        `${scheme}://${domain}${path}${query}${fragment}`,
    );
}
