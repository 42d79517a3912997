/** Invariants for any input: never throw, and account for every entry exactly once. */
import { fc, test, webUrl } from '../../setup/property-test.ts';
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import {
  createHarAssembler,
  harEntriesToExchanges,
  readHar,
  SKIP_REASONS,
  type HarReadResult,
} from '../../../src/har/index.ts';
import { parseUrl } from '../../../src/har/origin.ts';

const fixtureEntries = (name: string): unknown[] =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8')) as {
      log: { entries: unknown[] };
    }
  ).log.entries;
const realEntries = [...fixtureEntries('chrome-mixed.har'), ...fixtureEntries('firefox-mixed.har')];

/** Strings that break naive code: empty, control characters, lone surrogates, huge. */
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'null', '*', '\u0000', '\ud800', '__proto__', 'constructor', 'OPTIONS'),
  fc.constantFrom(
    'http://localhost:3000/api',
    'http://localhost:5173',
    'https://API.example.com:443/x',
    'data:text/plain,hi',
    'http://127.1/',
    'blob:http://localhost:5173/1',
  ),
  fc.integer({ min: 10_000, max: 80_000 }).map((n) => 'x'.repeat(n)),
);
const anyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const header = fc.oneof(
  fc.record({ name: nasty, value: nasty }),
  fc.record({
    name: fc.constantFrom(
      'Origin',
      'Access-Control-Request-Method',
      'Sec-Fetch-Mode',
      'Location',
      'Referer',
    ),
    value: nasty,
  }),
  anyValue,
);
const headers = fc.oneof(fc.array(header, { maxLength: 8 }), anyValue);
/** Values shaped like HAR entries, with any field missing, mistyped or hostile. */
const harishEntry = fc.oneof(
  anyValue,
  fc.record(
    {
      request: fc.oneof(
        anyValue,
        fc.record(
          {
            url: nasty,
            method: fc.oneof(nasty, fc.constantFrom('GET', 'PUT', 'OPTIONS')),
            headers,
          },
          { requiredKeys: [] },
        ),
      ),
      response: fc.oneof(
        anyValue,
        fc.record(
          {
            status: fc.oneof(fc.constantFrom(0, 200, 204, 302, 404), anyValue),
            headers,
            redirectURL: nasty,
            _error: fc.oneof(fc.constant('net::ERR_FAILED'), anyValue),
            _corsErrorStatus: fc.oneof(
              anyValue,
              fc.record({ corsError: nasty, failedParameter: anyValue }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      startedDateTime: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        anyValue,
      ),
      time: anyValue,
      _resourceType: fc.oneof(
        fc.constantFrom('fetch', 'xhr', 'preflight', 'document', 'image'),
        anyValue,
      ),
      _initiator: fc.oneof(anyValue, fc.record({ type: nasty, url: nasty })),
      pageref: anyValue,
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(...realEntries),
);
const entryLists = fc.array(harishEntry, { maxLength: 25 });

/** Every entry has exactly one outcome, and outcomes, exchanges and counts agree. */
function expectAccounted(result: HarReadResult, entryCount: number): void {
  expect(result.entries).toHaveLength(entryCount);
  const ids = new Set(result.exchanges.map((e) => e.id));
  expect(ids.size).toBe(result.exchanges.length);
  const claimed = new Set<string>();
  const counts = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0]));
  for (const outcome of result.entries) {
    expect(outcome).toBeDefined();
    if (outcome.kind === 'exchange') {
      expect(ids.has(outcome.exchangeId)).toBe(true);
      claimed.add(outcome.exchangeId);
    } else if (outcome.kind === 'skipped') counts[outcome.reason]!++;
  }
  expect(claimed).toEqual(ids);
  expect(result.skipped).toEqual(counts);
  for (const exchange of result.exchanges) expect(exchange.legs.length).toBeGreaterThan(0);
  // An exchange has as many entries as legs plus preflights.
  for (const exchange of result.exchanges) {
    const owned = result.entries.filter(
      (o) => o.kind === 'exchange' && o.exchangeId === exchange.id,
    );
    const parts = exchange.legs.reduce((n, leg) => n + 1 + (leg.preflight ? 1 : 0), 0);
    expect(owned).toHaveLength(parts);
  }
}

describe('readHar never throws', () => {
  test.prop([fc.string()])('on any text', (text) => {
    expect(() => readHar(text)).not.toThrow();
  });

  test.prop([fc.json()])('on any JSON', (json) => {
    const result = readHar(json);
    expect(Array.isArray(result.errors)).toBe(true);
  });

  test.prop([entryLists, fc.nat()])('on HAR-shaped junk, whole or cut anywhere', (entries, cut) => {
    const text = JSON.stringify({ log: { version: '1.2', entries } });
    expectAccounted(readHar(text), entries.length);
    const partial = readHar(text.slice(0, cut % (text.length + 1)));
    expect(partial.entries.length).toBeLessThanOrEqual(entries.length + 1);
  });
});

describe('harEntriesToExchanges accounts for every entry', () => {
  test.prop([entryLists])('exchange, skipped with a reason, or error', (entries) => {
    expectAccounted(harEntriesToExchanges(entries), entries.length);
  });

  test.prop([fc.array(fc.anything(), { maxLength: 10 })])(
    'even for arbitrary values',
    (entries) => {
      expectAccounted(harEntriesToExchanges(entries), entries.length);
    },
  );

  test.prop([fc.shuffledSubarray(realEntries)])(
    'in any order the browser delivers real entries',
    (entries) => {
      const assembler = createHarAssembler({ pageOrigin: 'http://localhost:5173' });
      for (const e of entries) assembler.add(e);
      expectAccounted(assembler.snapshot(), entries.length);
    },
  );

  test.prop([fc.anything()])('and reports a non-array instead of throwing', (value) => {
    const result = harEntriesToExchanges(value as unknown[]);
    if (!Array.isArray(value)) expect(result.errors).toHaveLength(1);
  });
});

describe('the canonical-URL shortcut agrees with the URL parser', () => {
  const urlish = fc.oneof(
    webUrl({ withQueryParameters: true, withFragments: true }),
    fc
      .tuple(
        fc.constantFrom('http', 'https', 'HTTP', 'ftp'),
        fc.constantFrom(
          'localhost',
          '127.0.0.1',
          '127.1',
          '0x7f.0.0.1',
          'API.example.com',
          'a..b',
          'xn--a',
          '[::1]',
          '1.2.3.4.5',
          '256.1.1.1',
          'example.com.',
        ),
        fc.constantFrom('', ':80', ':443', ':3000', ':0', ':99999', ':03000'),
        fc.constantFrom(
          '',
          '/',
          '/a/./b',
          '/a/../b',
          '/%2e/',
          "/it's",
          '/a b',
          '/é',
          '/a?b=c#d',
          '/.well-known/x',
          '/x\\y',
        ),
      )
      .map(([scheme, host, port, path]) => `${scheme}://${host}${port}${path}`),
  );
  test.prop([urlish])('on origin and href', (url) => {
    let expected: { origin: string | null; href: string | null };
    try {
      const u = new URL(url);
      const http = u.protocol === 'http:' || u.protocol === 'https:';
      expected = { origin: http ? u.origin : null, href: u.href };
    } catch {
      expected = { origin: null, href: null };
    }
    const got = parseUrl(url);
    expect({ origin: got.origin, href: got.href }).toEqual(expected);
  });
});
