import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHar, harEntriesToExchanges } from '../../../src/har/index.ts';
import { MAX_LISTED_ERRORS } from '../../../src/har/error-sink.ts';
import { MAX_HEADER_VALUE, MAX_HEADERS } from '../../../src/har/read-headers.ts';
import { request, API } from './entries.ts';

const text = (name: string) =>
  readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');

describe('malformed input: errors with paths, usable entries kept', () => {
  it('lists each broken entry and keeps the rest', () => {
    const r = readHar(text('malformed-entries.har'));
    expect(r.errors.map((e) => e.path)).toEqual([
      'log.entries[1]',
      'log.entries[2].request',
      'log.entries[3].request.headers',
      'log.entries[4].response.status',
      'log.entries[5].request.headers[14].value',
      'log.entries[6].response.headers[9].value',
      'log.entries[7].response',
      'log.entries[8].request.url',
      'log.entries[9].startedDateTime',
      'log.entries[10].request.method',
    ]);
    expect(r.entries.map((o) => o.kind)).toEqual([
      'exchange',
      'error',
      'error',
      'exchange',
      'exchange',
      'exchange',
      'exchange',
      'exchange',
      'error',
      'exchange',
      'error',
      'exchange',
    ]);
    const byId = new Map(r.exchanges.map((e) => [e.id, e]));
    // A header list that is a string counts as no headers: the entry still has an origin (the page).
    expect(byId.get('3')?.legs[0]!.request.headers).toEqual([]);
    expect(byId.get('3')?.initiatorOrigin).toBe('http://localhost:5173');
    // A status that is not a number: no response.
    expect(byId.get('4')?.legs[0]!.response).toBeUndefined();
    // The bad header line is dropped, the others kept.
    expect(byId.get('5')?.legs[0]!.request.headers.some((h) => h.name === 'X-Count')).toBe(false);
    expect(byId.get('5')?.legs[0]!.request.headers.length).toBeGreaterThan(10);
    // A huge value is cut, not dropped.
    const padding = byId.get('6')?.legs[0]!.response?.headers.find((h) => h.name === 'X-Padding');
    expect(padding?.value.length).toBe(MAX_HEADER_VALUE);
    expect(byId.get('9')?.startedAt).toBeUndefined();
    expect(byId.get('11')?.observed?.netError).toBe('net::ERR_FAILED');
  });

  it('recovers the complete entries of a cut-off file', () => {
    const r = readHar(text('malformed-truncated.har'));
    expect(r.errors[0]!.message).toMatch(/cut off .*read the 15 complete entries/);
    expect(r.errors[1]).toEqual({
      path: 'log.entries[15]',
      message: 'the file ends inside this entry; it was not read.',
    });
    expect(r.entries).toHaveLength(16);
    const full = readHar(text('chrome-mixed.har'));
    // What was recovered matches the same entries read from the intact file.
    for (const e of r.exchanges.slice(0, -1)) {
      expect(e).toEqual(full.exchanges.find((x) => x.id === e.id));
    }
  });

  it('recovers entries around a damaged one in the middle', () => {
    const good = JSON.stringify(request(`${API}/a`));
    const damaged = `{"log":{"entries":[${good}, {"request": {"url": nope}}, ${good.replace('/a', '/b')}]}}`;
    const r = readHar(damaged);
    expect(r.exchanges.map((e) => e.legs[0]!.request.url)).toEqual([`${API}/a`, `${API}/b`]);
    expect(r.errors[1]?.path).toBe('log.entries[1]');
    expect(r.errors[1]?.message).toMatch(/damaged JSON/);
  });

  it.each([
    ['malformed-not-json.har', /HTML or XML, not a HAR file/],
    ['malformed-not-har.har', /not a HAR file: there is no "log"/],
  ])('explains why %s is not a HAR file', (name, message) => {
    const r = readHar(text(name));
    expect(r.exchanges).toEqual([]);
    expect(r.entries).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(message);
  });

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['not json at all', /not a HAR file: it is not JSON/],
    ['{"log": {"entries": ', /no HAR entries could be recovered|cut off/],
    ['[1, 2, 3]', /got an array/],
    ['{"log": []}', /expected an object, got an array/],
    ['{"log": {"entries": {}}}', /expected an array, got an object/],
    ['null', /got null/],
  ])('reports %j as an error, not a crash', (input, message) => {
    const r = readHar(input);
    expect(r.exchanges).toEqual([]);
    expect(r.errors[0]!.message).toMatch(message);
    expect(r.errors[0]!.message).not.toMatch(/\n/);
  });

  it('accepts a byte-order mark and the bare log of getHAR()', () => {
    const entry = request(`${API}/a`);
    expect(
      readHar(`\ufeff${JSON.stringify({ log: { entries: [entry] } })}`).exchanges,
    ).toHaveLength(1);
    const bare = readHar(JSON.stringify({ entries: [entry] }));
    expect(bare.exchanges).toHaveLength(1);
    expect(readHar(JSON.stringify({ entries: [null] })).errors[0]!.path).toBe('entries[0]');
  });

  it('caps header lines and the error list', () => {
    const many = request(`${API}/a`);
    const headers = (many.request as { headers: unknown[] }).headers;
    for (let i = 0; i < MAX_HEADERS + 50; i++) headers.push({ name: `X-${i}`, value: 'v' });
    const r = harEntriesToExchanges([many]);
    expect(r.exchanges[0]!.legs[0]!.request.headers).toHaveLength(MAX_HEADERS);
    expect(r.errors[0]!.message).toMatch(/only the first 1000 were read/);

    const junk = harEntriesToExchanges(Array.from({ length: MAX_LISTED_ERRORS + 20 }, () => 42));
    expect(junk.errors).toHaveLength(MAX_LISTED_ERRORS + 1);
    expect(junk.errors.at(-1)!.message).toMatch(/and 20 more problem/);
    expect(junk.entries).toHaveLength(MAX_LISTED_ERRORS + 20);
  });

  it('does not let a pageref reach into Object.prototype', () => {
    const orphan = (pageref: string): Record<string, unknown> => ({
      request: { method: 'GET', url: `${API}/a`, headers: [] },
      response: { status: 200, headers: [] },
      _resourceType: 'fetch',
      pageref,
    });
    const r = harEntriesToExchanges([orphan('__proto__'), orphan('constructor'), orphan('p1')], {
      pageOrigins: { p1: 'http://localhost:5173' },
    });
    expect(r.skipped['unknown-initiator']).toBe(2);
    expect(r.exchanges.map((e) => e.initiatorOrigin)).toEqual(['http://localhost:5173']);
  });
});
