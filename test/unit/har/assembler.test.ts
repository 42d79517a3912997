import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHarAssembler, harEntriesToExchanges } from '../../../src/har/index.ts';
import { API, PAGE_ORIGIN, preflight, request } from './entries.ts';

const URL1 = `${API}/api/items/1`;

describe('createHarAssembler (entries one at a time, as the panel gets them)', () => {
  it('holds a preflight until its request arrives', () => {
    const a = createHarAssembler();
    expect(a.add(preflight(URL1, 'PUT', { at: 0 }))).toEqual([]);
    const [exchange] = a.add(request(URL1, { method: 'PUT', at: 4 }));
    expect(exchange?.legs[0]!.preflight).toBeDefined();
    expect(a.snapshot().skipped['unpaired-preflight']).toBe(0);
  });

  it('updates an exchange when its preflight comes later, keeping the id', () => {
    const a = createHarAssembler();
    const [before] = a.add(request(URL1, { method: 'PUT', at: 0, time: 10 }));
    const [after] = a.add(preflight(URL1, 'PUT', { at: 1 }));
    expect(before?.legs[0]!.preflight).toBeUndefined();
    expect(after?.id).toBe(before?.id);
    expect(after?.legs[0]!.preflight).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('extends an exchange hop by hop', () => {
    const a = createHarAssembler();
    const [first] = a.add(
      request(`${API}/a`, { at: 0, time: 2, status: 302, redirectURL: `${API}/b` }),
    );
    const [second] = a.add(request(`${API}/b`, { at: 3 }));
    expect(first?.legs).toHaveLength(1);
    expect(second?.id).toBe(first?.id);
    expect(second?.legs.map((l) => l.request.url)).toEqual([`${API}/a`, `${API}/b`]);
  });

  it('keeps a same-origin request whose redirect leaves the origin, even with no next hop', () => {
    // Chromium refuses a redirect to `user:pass@` and logs no entry for it: the 302 is all there is.
    const a = createHarAssembler({ pageOrigin: PAGE_ORIGIN });
    const target = 'http://user:pass@127.0.0.1:3001/b';
    const [exchange] = a.add(request(`${PAGE_ORIGIN}/a`, { status: 302, redirectURL: target }));
    expect(exchange?.legs.map((l) => l.request.url)).toEqual([`${PAGE_ORIGIN}/a`]);
    expect(a.snapshot().skipped['same-origin']).toBe(0);
    // A redirect that stays on the page's origin is still same-origin traffic.
    const b = createHarAssembler({ pageOrigin: PAGE_ORIGIN });
    b.add(request(`${PAGE_ORIGIN}/a`, { status: 302, redirectURL: `${PAGE_ORIGIN}/b` }));
    b.add(request(`${PAGE_ORIGIN}/b`, { at: 5 }));
    expect(b.snapshot().exchanges).toEqual([]);
  });

  it('reports unusable entries and carries on', () => {
    const a = createHarAssembler({ pathPrefix: 'entries' });
    expect(a.add('not an entry')).toEqual([]);
    expect(a.add(request(URL1))).toHaveLength(1);
    const snap = a.snapshot();
    expect(snap.errors.map((e) => e.path)).toEqual(['entries[0]']);
    expect(snap.entries.map((o) => o.kind)).toEqual(['error', 'exchange']);
  });

  it('ends with the same result as reading the whole file at once', () => {
    for (const name of ['chrome-mixed.har', 'firefox-mixed.har', 'malformed-entries.har']) {
      const text = readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');
      const entries = (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries;
      const a = createHarAssembler({ pageOrigins: { page_1: 'http://localhost:5173' } });
      const latest = new Map<string, unknown>();
      for (const e of entries) for (const x of a.add(e)) latest.set(x.id!, x);
      const batch = harEntriesToExchanges(entries, {
        pageOrigins: { page_1: 'http://localhost:5173' },
      });
      expect(a.snapshot()).toEqual(batch);
      // What `add` handed out last for each exchange is its final state.
      expect([...latest.values()]).toEqual(batch.exchanges);
    }
  });
});
