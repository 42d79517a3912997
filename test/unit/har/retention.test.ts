/** A live assembler that forgets what can no longer be joined: pairing intact, memory bounded. */
import { fc, test } from '../../setup/property-test.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/cors/types.ts';
import { PRUNE_EVERY } from '../../../src/har/assembler.ts';
import {
  createHarAssembler,
  type HarAssembler,
  type HarAssemblerOptions,
} from '../../../src/har/index.ts';
import { API, PAGE_ORIGIN, entry, preflight, request } from './entries.ts';

const URL1 = `${API}/api/items/1`;
const RETAIN = { maxChains: 500, maxAgeMs: 5000 };

/** Same-origin traffic that moves the input's clock without joining anything. */
function filler(i: number, at: number): Record<string, unknown> {
  return request(`${PAGE_ORIGIN}/local/${i}`, { at });
}

function live(opts: HarAssemblerOptions = {}): HarAssembler {
  return createHarAssembler({ pageOrigin: PAGE_ORIGIN, retain: RETAIN, ...opts });
}

describe('pruning keeps what can still be joined', () => {
  it('pairs a late preflight whose request was read just before an explicit prune', () => {
    const a = live();
    const [before] = a.add(request(URL1, { method: 'PUT', at: 0, time: 10 }));
    a.prune();
    expect(a.stats()).toMatchObject({ chains: 1, openLegs: 1 });
    const [after] = a.add(preflight(URL1, 'PUT', { at: 1 }));
    expect(after?.id).toBe(before?.id);
    expect(after?.legs[0]!.preflight).toBeDefined();
    // Paired and finished: the next prune forgets it.
    a.prune();
    expect(a.stats()).toMatchObject({ chains: 0, openLegs: 0, pendingPreflights: 0 });
  });

  it('pairs an early preflight with its request read just after an explicit prune', () => {
    const a = live();
    expect(a.add(preflight(URL1, 'PUT', { at: 0 }))).toEqual([]);
    a.prune();
    expect(a.stats().pendingPreflights).toBe(1);
    const [exchange] = a.add(request(URL1, { method: 'PUT', at: 3 }));
    expect(exchange?.legs[0]!.preflight).toBeDefined();
    expect(a.snapshot().skipped['unpaired-preflight']).toBe(0);
  });

  // `add` prunes by itself after every PRUNE_EVERY entries: put the pair on both sides of that.
  it.each([
    ['request', 'preflight'],
    ['preflight', 'request'],
  ])('pairs a %s and its %s on either side of an automatic prune', (first) => {
    const a = live();
    for (let i = 0; i < PRUNE_EVERY - 1; i++) a.add(filler(i, i));
    const req = request(URL1, { method: 'PUT', at: PRUNE_EVERY, time: 10 });
    const pre = preflight(URL1, 'PUT', { at: PRUNE_EVERY + 1 });
    const [x, y] = first === 'request' ? [req, pre] : [pre, req];
    a.add(x);
    expect(a.stats().entriesRead).toBe(PRUNE_EVERY);
    expect(a.stats().entriesHeld).toBeLessThan(PRUNE_EVERY); // the prune did run
    const [exchange] = a.add(y);
    expect(exchange?.legs[0]!.preflight).toBeDefined();
    // The id is the request's position, as without pruning.
    expect(exchange?.id).toBe(String(first === 'request' ? PRUNE_EVERY - 1 : PRUNE_EVERY));
  });

  it.each([
    ['a cross-origin', API],
    // A same-origin first hop waits for no preflight: only the pending redirect keeps it.
    ['a same-origin', PAGE_ORIGIN],
  ])('joins the next hop of %s redirect read after a prune', (_, from) => {
    const a = live();
    a.add(request(`${from}/a`, { at: 0, time: 2, status: 302, redirectURL: `${API}/b` }));
    a.prune();
    expect(a.stats()).toMatchObject({ chains: 1, awaitingHop: 1 });
    const [exchange] = a.add(request(`${API}/b`, { at: 3 }));
    expect(exchange?.legs.map((l) => l.request.url)).toEqual([`${from}/a`, `${API}/b`]);
  });
});

describe('pruning forgets what can no longer be joined', () => {
  const late = (a: HarAssembler) => {
    a.add(request(URL1, { method: 'PUT', at: 0, time: 10 }));
    // The clock moves past the pairing window (10 + SLACK_MS) plus the grace (maxAgeMs).
    a.add(filler(0, 10 + 2000 + RETAIN.maxAgeMs + 1));
    a.prune();
    return a.add(preflight(URL1, 'PUT', { at: 1 }));
  };

  it('a preflight arriving after its window and the grace have passed stays apart', () => {
    expect(late(live())).toEqual([]);
    // Without pruning the same input pairs: the difference is the pruning.
    const unpruned = createHarAssembler({ pageOrigin: PAGE_ORIGIN });
    expect(late(unpruned)[0]?.legs[0]!.preflight).toBeDefined();
  });

  it('an explicit time forgets open legs and waiting hops and preflights', () => {
    const a = live();
    a.add(request(URL1, { method: 'PUT', at: 0, time: 10 }));
    a.add(request(`${API}/a`, { at: 0, status: 302, redirectURL: `${API}/b` }));
    a.add(preflight(`${API}/c`, 'PUT', { at: 0 }));
    a.prune(Date.UTC(2026, 7, 22, 10, 0, 0) + 2000);
    expect(a.stats()).toMatchObject({ chains: 2, pendingPreflights: 1 });
    a.prune(Date.UTC(2026, 7, 22, 10, 0, 0) + 60_000);
    expect(a.stats()).toMatchObject({ chains: 0, openLegs: 0, pendingPreflights: 0 });
    expect(a.add(request(`${API}/b`, { at: 20 }))[0]?.legs).toHaveLength(1);
  });

  it('forgets entries without times by count', () => {
    const a = live({ retain: { maxChains: 10 } });
    for (let i = 0; i < 100; i++) a.add(request(`${API}/untimed/${i}`));
    a.prune();
    expect(a.stats().chains).toBeLessThanOrEqual(10);
    expect(a.stats().entriesHeld).toBeLessThanOrEqual(40);
  });
});

describe('memory stays bounded over a long session', () => {
  /** A busy page: 50,000 entries of every kind, 10 ms apart, some never joined and some untimed. */
  function session(count: number): Record<string, unknown>[] {
    const entries: Record<string, unknown>[] = [];
    for (let i = 0; entries.length < count; i++) {
      const at = i * 10;
      const url = `${API}/api/${i}`;
      switch (i % 8) {
        case 0: // preflight, then its request
          entries.push(preflight(url, 'PUT', { at }), request(url, { method: 'PUT', at, time: 8 }));
          break;
        case 1: // request, then its late preflight
          entries.push(request(url, { method: 'PUT', at, time: 8 }), preflight(url, 'PUT', { at }));
          break;
        case 2: // a redirect and its next hop
          entries.push(
            request(url, { at, time: 2, status: 302, redirectURL: `${url}/next` }),
            request(`${url}/next`, { at: at + 3 }),
          );
          break;
        case 3: // a redirect whose next hop never comes, and a preflight whose request never comes
          entries.push(
            request(url, { at, status: 307, redirectURL: `${url}/gone` }),
            preflight(`${url}/lost`, 'DELETE', { at }),
          );
          break;
        case 4:
          entries.push(filler(i, at));
          break;
        case 5: // a simple request with no time: only the count bound can forget it
          entries.push(request(url));
          break;
        default:
          entries.push(request(url, { at }));
      }
    }
    return entries.slice(0, count);
  }

  // Work, not speed, is what this checks: a generous timeout so a busy machine cannot fail it.
  it(
    'holds at most the configured chains and window after 50,000 entries, results unchanged',
    { timeout: 120_000 },
    () => {
      const entries = session(50_000);
      const pruned = live();
      const unpruned = createHarAssembler({ pageOrigin: PAGE_ORIGIN });
      const latestPruned = new Map<string, Exchange>();
      const latestUnpruned = new Map<string, Exchange>();
      let peak = 0;
      entries.forEach((e, i) => {
        for (const x of pruned.add(e)) latestPruned.set(x.id!, x);
        for (const x of unpruned.add(e)) latestUnpruned.set(x.id!, x);
        if (i % 1000 === 999) {
          const s = pruned.stats();
          peak = Math.max(peak, s.chains + s.pendingPreflights);
          expect(s.chains + s.pendingPreflights).toBeLessThanOrEqual(
            RETAIN.maxChains + PRUNE_EVERY,
          );
          expect(s.entriesHeld).toBeLessThanOrEqual(4 * RETAIN.maxChains + PRUNE_EVERY);
        }
      });
      const stats = pruned.stats();
      expect(stats.entriesRead).toBe(50_000);
      // A chain here has at most two legs (a redirect and its hop).
      expect(stats.openLegs).toBeLessThanOrEqual(2 * stats.chains);
      expect(peak).toBeGreaterThan(0);
      // The unpruned assembler holds everything, so the bound above is the pruning's doing.
      expect(unpruned.stats().chains).toBeGreaterThan(20_000);
      // Every pair in the session lies within the window: pruning changed no result and no id.
      expect(latestPruned.size).toBe(latestUnpruned.size);
      expect(latestPruned).toEqual(latestUnpruned);
      const preflighted = [...latestPruned.values()].filter((x) => x.legs[0]!.preflight).length;
      expect(preflighted).toBe(countPairs(entries));
    },
  );

  it('a snapshot after pruning describes the retained window', () => {
    const a = live();
    for (const e of session(5000)) a.add(e);
    const snap = a.snapshot();
    const stats = a.stats();
    expect(snap.firstEntry).toBe(stats.entriesRead - stats.entriesHeld);
    expect(snap.entries).toHaveLength(stats.entriesHeld);
    const counted = Object.values(snap.skipped).reduce((n, c) => n + c, 0);
    expect(counted).toBe(snap.entries.filter((o) => o.kind === 'skipped').length);
    for (const x of snap.exchanges) expect(Number(x.id)).toBeGreaterThanOrEqual(snap.firstEntry!);
  });
});

/** Preflights in `session` that have a request to pair with (cases 0 and 1). */
function countPairs(entries: Record<string, unknown>[]): number {
  const puts = new Set<string>();
  let pairs = 0;
  for (const e of entries) {
    const req = e.request as { method: string; url: string };
    if (req.method === 'PUT') puts.add(req.url);
  }
  for (const e of entries) {
    const req = e.request as { method: string; url: string };
    if (req.method === 'OPTIONS' && puts.has(req.url)) pairs++;
  }
  return pairs;
}

describe('generous pruning changes nothing', () => {
  const realEntries = ['chrome-mixed.har', 'firefox-mixed.har'].flatMap(
    (name) =>
      (
        JSON.parse(
          readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8'),
        ) as { log: { entries: unknown[] } }
      ).log.entries,
  );
  const paths = ['/a', '/b', '/c'];
  const synthetic = fc.oneof(
    fc
      .record({
        path: fc.constantFrom(...paths),
        method: fc.constantFrom('PUT', 'DELETE'),
        at: fc.integer({ min: 0, max: 30_000 }),
        time: fc.integer({ min: 0, max: 3000 }),
      })
      .map(({ path, method, at, time }) => preflight(`${API}${path}`, method, { at, time })),
    fc
      .record({
        path: fc.constantFrom(...paths),
        method: fc.constantFrom('GET', 'PUT', 'DELETE'),
        at: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined }),
        time: fc.integer({ min: 0, max: 3000 }),
        to: fc.option(fc.constantFrom(...paths), { nil: undefined }),
        status: fc.constantFrom(302, 307),
      })
      .map(({ path, method, at, time, to, status }) =>
        request(`${API}${path}`, {
          method,
          at,
          time,
          ...(to !== undefined ? { status, redirectURL: `${API}${to}` } : {}),
        }),
      ),
    fc.constantFrom(...realEntries),
    fc.constant(entry({ url: `${PAGE_ORIGIN}/same`, at: 5 })),
    fc
      .record({ to: fc.constantFrom(...paths), at: fc.integer({ min: 0, max: 30_000 }) })
      .map(({ to, at }) =>
        request(`${PAGE_ORIGIN}/go`, { at, status: 302, redirectURL: `${API}${to}` }),
      ),
  );

  // The window (maxAgeMs) outlasts the input's whole time span and maxChains its length, so only
  // finished chains are forgotten: every `add` must answer exactly as without pruning.
  test.prop([fc.array(fc.tuple(synthetic, fc.boolean()), { maxLength: 60 })])(
    'every add answers as without pruning, and the snapshot window matches',
    (steps) => {
      const retain = { maxChains: steps.length + 1, maxAgeMs: 10 * 365 * 86_400_000 };
      const pruned = createHarAssembler({ pageOrigin: PAGE_ORIGIN, retain });
      const plain = createHarAssembler({ pageOrigin: PAGE_ORIGIN });
      for (const [e, pruneAfter] of steps) {
        expect(pruned.add(e)).toEqual(plain.add(e));
        if (pruneAfter) pruned.prune();
      }
      const window = pruned.snapshot();
      const all = plain.snapshot();
      expect(window.entries).toEqual(all.entries.slice(window.firstEntry ?? 0));
      const held = new Set(window.exchanges.map((x) => x.id));
      expect(all.exchanges.filter((x) => held.has(x.id))).toEqual(window.exchanges);
    },
  );
});
