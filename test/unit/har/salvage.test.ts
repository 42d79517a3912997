import { describe, expect, it } from 'vitest';
import { salvageArray } from '../../../src/har/salvage.ts';

describe('salvageArray', () => {
  const entries = [{ a: 1 }, { b: 'x"}]{' }, { c: [1, { d: 2 }] }];
  const text = JSON.stringify({ log: { version: '1.2', pages: [{ id: 'p' }], entries } }, null, 1);

  it('reads the whole array from intact text', () => {
    expect(salvageArray(text, 'entries')).toEqual({
      items: entries,
      damaged: new Map(),
      complete: true,
    });
    expect(salvageArray(text, 'pages')?.items).toEqual([{ id: 'p' }]);
  });

  it('keeps every entry that is complete before a cut, wherever the cut is', () => {
    let previous = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const s = salvageArray(text.slice(0, cut), 'entries');
      const intact = (s?.items ?? []).filter((_, i) => !s?.damaged.has(i));
      expect(intact).toEqual(entries.slice(0, intact.length));
      expect(intact.length).toBeGreaterThanOrEqual(previous);
      previous = intact.length;
    }
    expect(previous).toBe(entries.length);
  });

  it('only looks for the key directly inside log', () => {
    const nested = JSON.stringify({
      log: { creator: { entries: [1] }, comment: '"entries": [2]', entries: [3] },
    });
    expect(salvageArray(`${nested.slice(0, -2)}`, 'entries')?.items).toEqual([3]);
    expect(salvageArray('{"entries": [1]}', 'entries')).toBeUndefined();
  });

  it('survives junk between elements', () => {
    const s = salvageArray('{"log":{"entries":[{"a":1}, }, nul, {"b":2}', 'entries');
    expect(s?.items.filter((_, i) => !s.damaged.has(i))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(s?.damaged.size).toBe(2);
  });
});
