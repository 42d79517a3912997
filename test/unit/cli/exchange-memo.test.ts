/**
 * The explain memo (src/cli/exchange-memo.ts) must never change the output: an exchange answered
 * from the memo gets exactly what explaining it afresh gives, whatever the exchanges (repeated,
 * near-duplicates, hostile values, many and huge headers), in `--json` and text, and the memo's
 * memory stays under its cap when no exchange repeats.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../../src/cli/analyze.ts';
import { exchangeKey, memoizeExplainer } from '../../../src/cli/exchange-memo.ts';
import {
  createExplainer,
  type ExplainedExchange,
  type ExplainerOptions,
} from '../../../src/cli/explain-exchange.ts';
import { paint } from '../../../src/cli/paint.ts';
import { memorySpool } from '../../../src/cli/spool.ts';
import { createTextReportStream } from '../../../src/cli/text-stream.ts';
import type { Exchange } from '../../../src/cors/types.ts';
import { exchange, manyHeaders } from './exchange-arbitraries.ts';

/** Every leaf of a JSON-like value, by path. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out.push(...leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

/** Other values for a leaf: another case, one character more, a CORS-meaningful alternative. */
const OTHER_VALUES = ['include', 'omit', 'no-cors', 'xhr', 'true', '*', 'null', 'GET', ''];

function withLeaf(e: Exchange, path: (string | number)[], pick: number): Exchange {
  const copy = structuredClone(e) as unknown as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const old = at[last];
  if (typeof old === 'boolean') at[last] = !old;
  else if (typeof old === 'number') at[last] = old + 1 + (pick % 300);
  else if (typeof old === 'string') {
    const options = [
      old.toUpperCase(),
      old.toLowerCase(),
      `${old} `,
      `${old}x`,
      ...OTHER_VALUES,
    ].filter((o) => o !== old);
    at[last] = options[pick % options.length];
  }
  return copy as unknown as Exchange;
}

/** An exchange and copies of it with one field each changed: the memo must tell them apart. */
const nearDuplicates: fc.Arbitrary<Exchange[]> = fc
  .tuple(exchange, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }))
  .map(([e, edits]) => {
    const paths = leaves(e).filter(
      (p) => p[0] !== 'id' && p[0] !== 'startedAt' && p[0] !== 'durationMs',
    );
    return [e, ...edits.map(([which, pick]) => withLeaf(e, paths[which % paths.length]!, pick))];
  });

type Shape = 'json' | 'text' | 'text --all --color';
const SHAPES: Shape[] = ['json', 'text', 'text --all --color'];

function explainerOptions(shape: Shape): ExplainerOptions {
  const text = shape !== 'json';
  return {
    engine: defaultEngine,
    fixOptions: {},
    redaction: { enabled: true },
    json: text ? undefined : { maxFixes: 3 },
    report: text
      ? createTextReportStream(
          { paint: paint(shape.includes('color')), all: shape.includes('all'), source: 'x' },
          memorySpool,
        )
      : undefined,
  };
}

/**
 * An answer as compared here: a `--json` row's UTF-8 parts as the text they make (comparing
 * a hundred small byte arrays per row one by one made the property runs take minutes).
 */
function written(a: ExplainedExchange): object {
  return a.rowParts === undefined
    ? a
    : { ...a, rowParts: Buffer.concat(a.rowParts).toString('utf8') };
}

/** The same exchange as it arrives a second time: another id, time and duration. */
function again(e: Exchange, n: number): Exchange {
  return { ...e, id: `again-${n}`, startedAt: `2026-12-03T07:00:${n % 60}.000Z`, durationMs: n };
}

describe('the explain memo never changes an answer', () => {
  for (const shape of SHAPES) {
    test.prop(
      [
        fc.oneof(
          nearDuplicates,
          fc.array(fc.oneof({ weight: 5, arbitrary: exchange }, manyHeaders), {
            minLength: 1,
            maxLength: 6,
          }),
        ),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 40_000 }),
      ],
      { numRuns: 60 },
    )(`${shape}: repeats, near-duplicates and evictions`, (pool, picks, maxChars) => {
      const fresh = createExplainer(explainerOptions(shape));
      const memo = memoizeExplainer(createExplainer(explainerOptions(shape)), { maxChars });
      picks.forEach((pick, n) => {
        const e = again(pool[pick % pool.length]!, n);
        expect(written(memo(e))).toEqual(written(fresh(e)));
      });
      const stats = memo.stats();
      expect(stats.hits + stats.misses + stats.bypassed).toBe(picks.length);
      expect(stats.chars).toBeLessThanOrEqual(maxChars);
    });
  }

  test.prop([exchange, fc.nat()], { numRuns: 60 })(
    'what the key leaves out (id, times, undefined vs absent fields) changes no answer',
    (e, n) => {
      // JSON.parse(JSON.stringify(e)) drops fields that are present but undefined.
      const variants = [again(e, n), JSON.parse(JSON.stringify(e)) as Exchange];
      for (const shape of SHAPES) {
        const fresh = createExplainer(explainerOptions(shape));
        const expected = written(fresh(e));
        for (const v of variants) {
          expect(exchangeKey(v)).toBe(exchangeKey(e));
          expect(written(fresh(v))).toEqual(expected);
        }
      }
    },
  );

  test.prop([fc.oneof(nearDuplicates, fc.tuple(exchange, exchange))], { numRuns: 60 })(
    'exchanges with equal keys get equal answers; different answers mean different keys',
    (list) => {
      for (const shape of SHAPES) {
        const fresh = createExplainer(explainerOptions(shape));
        const [a, ...others] = list;
        const ra = written(fresh(a!));
        for (const b of others) {
          const rb = written(fresh(b));
          if (exchangeKey(a!) === exchangeKey(b)) expect(rb).toEqual(ra);
          if (JSON.stringify(ra) !== JSON.stringify(rb)) {
            expect(exchangeKey(a!)).not.toBe(exchangeKey(b));
          }
        }
      }
    },
  );
});

describe('the explain memo stays bounded', () => {
  const base: Exchange = {
    initiatorOrigin: 'http://localhost:5173',
    legs: [
      {
        request: {
          url: 'http://localhost:3000/api',
          method: 'PUT',
          headers: [{ name: 'Origin', value: 'http://localhost:5173' }],
        },
        response: { status: 200, headers: [] },
      },
    ],
  };
  const distinct = (i: number, pad: number): Exchange => ({
    ...base,
    legs: [
      {
        ...base.legs[0]!,
        request: {
          ...base.legs[0]!.request,
          url: `http://localhost:3000/api/${i}`,
          headers: [...base.legs[0]!.request.headers, { name: 'X-Pad', value: 'p'.repeat(pad) }],
        },
      },
    ],
  });

  it('keeps at most maxChars of keys and answers when no exchange repeats', () => {
    const maxChars = 200_000;
    // A window longer than the run: the bound is kept by eviction, not by pausing.
    const memo = memoizeExplainer(createExplainer(explainerOptions('json')), {
      maxChars,
      window: 1e9,
    });
    let peak = 0;
    for (let i = 0; i < 3000; i++) {
      memo(distinct(i, 2000));
      peak = Math.max(peak, memo.stats().chars);
    }
    expect(peak).toBeLessThanOrEqual(maxChars);
    expect(memo.stats().misses + memo.stats().bypassed).toBe(3000);
    expect(memo.stats().entries).toBeGreaterThan(0);
  });

  it('does not keep one exchange too large to be worth it, and still answers it', () => {
    const maxChars = 100_000;
    const fresh = createExplainer(explainerOptions('text'));
    const memo = memoizeExplainer(createExplainer(explainerOptions('text')), { maxChars });
    const huge = distinct(1, 500_000);
    expect(written(memo(huge))).toEqual(written(fresh(huge)));
    expect(written(memo(huge))).toEqual(written(fresh(huge)));
    expect(memo.stats()).toMatchObject({ hits: 0, misses: 2, entries: 0, chars: 0 });
  });

  it('stands aside after a window without hits, then looks again', () => {
    const fresh = createExplainer(explainerOptions('json'));
    const memo = memoizeExplainer(createExplainer(explainerOptions('json')), {
      window: 8,
      pause: 16,
    });
    const seen: Exchange[] = [];
    for (let i = 0; i < 8; i++) seen.push(distinct(i, 10));
    for (const e of seen) expect(written(memo(e))).toEqual(written(fresh(e)));
    // No hit in the window: it pauses, and lets go of what it held.
    expect(memo.stats()).toMatchObject({ hits: 0, misses: 8, bypassed: 0, entries: 0, chars: 0 });
    // Paused: repeats are explained afresh, and still right.
    for (let i = 0; i < 16; i++)
      expect(written(memo(again(seen[i % 8]!, i)))).toEqual(written(fresh(seen[i % 8]!)));
    expect(memo.stats()).toMatchObject({ hits: 0, bypassed: 16, entries: 0 });
    // Looking again: the first round fills it, the second is answered from it.
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 4; i++)
        expect(written(memo(again(seen[i]!, i)))).toEqual(written(fresh(seen[i]!)));
    expect(memo.stats()).toMatchObject({ hits: 4, misses: 12, bypassed: 16, entries: 4 });
  });

  it('answers a repeated exchange from the memo', () => {
    const memo = memoizeExplainer(createExplainer(explainerOptions('json')));
    for (let i = 0; i < 10; i++) memo(again(distinct(1, 10), i));
    expect(memo.stats()).toMatchObject({ hits: 9, misses: 1, entries: 1 });
  });
});
