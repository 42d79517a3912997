/**
 * The budget check before the panel parses a HAR whole: it counts what `JSON.parse` will allocate
 * (objects, arrays, commas outside strings, nesting), whatever the strings contain.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { withinJsonBudget } from '../../../src/har/json-budget.ts';

/** Objects, arrays and commas of a parsed value, and its nesting: what the check counts. */
function shapeOf(value: unknown): { values: number; depth: number } {
  if (value === null || typeof value !== 'object') return { values: 0, depth: 0 };
  const children = Array.isArray(value) ? value : Object.values(value);
  let values = 1 + Math.max(0, children.length - 1);
  let depth = 0;
  for (const child of children) {
    const s = shapeOf(child);
    values += s.values;
    depth = Math.max(depth, s.depth);
  }
  return { values, depth: depth + 1 };
}

const text = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', 'a', 'é') });
const json = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    text,
    fc.array(tie('any'), { maxLength: 5 }),
    fc.dictionary(text, tie('any'), { maxKeys: 4 }),
  ),
})).any;

describe('withinJsonBudget', () => {
  test.prop([json, fc.constantFrom(undefined, 2)], { numRuns: 300 })(
    'is true exactly up to the value count and depth of the parsed value',
    (value, spacing) => {
      const t = JSON.stringify(value, null, spacing);
      const { values, depth } = shapeOf(JSON.parse(t));
      expect(withinJsonBudget(t, { maxValues: values, maxDepth: depth })).toBe(true);
      if (values > 0)
        expect(withinJsonBudget(t, { maxValues: values - 1, maxDepth: depth })).toBe(false);
      if (depth > 0)
        expect(withinJsonBudget(t, { maxValues: values, maxDepth: depth - 1 })).toBe(false);
    },
  );

  it('a flood of empty objects and a bracket tower are over; a cut string ends the count', () => {
    expect(withinJsonBudget(`[${'{},'.repeat(1000)}{}]`, { maxValues: 1000, maxDepth: 5 })).toBe(
      false,
    );
    expect(withinJsonBudget('['.repeat(50), { maxValues: 1000, maxDepth: 20 })).toBe(false);
    expect(withinJsonBudget('{"a":"[[[[[[\\"', { maxValues: 1, maxDepth: 1 })).toBe(true);
  });
});
