import { describe, expect, it } from 'vitest';
import { createOverride, type Override } from '../../../src/overrides/index.ts';
import { exportOverrides, importOverrides } from '../../../src/overrides/transfer.ts';

const NOW = Date.UTC(2030, 0, 1);

function make(site: string, id: string, extra: Partial<Override> = {}): Override {
  const made = createOverride({ site, duration: 60 }, NOW, id).value!;
  return { ...made, ...extra };
}

let ids = 0;
const newId = () => `new-${++ids}`;

describe('export', () => {
  it('writes a versioned document without tab-bound overrides', () => {
    const doc = JSON.parse(
      exportOverrides(
        [
          make('http://localhost:5173', 'a'),
          make('http://localhost:4000', 'b', { end: { kind: 'tab-close', tabId: 3 } }),
          make('http://localhost:4001', 'c', { scope: { kind: 'tab', tabId: 3 } }),
        ],
        NOW,
      ),
    );
    expect(doc.format).toBe('cors-lens-overrides');
    expect(doc.version).toBe(1);
    expect(doc.overrides.map((o: Override) => o.id)).toEqual(['a']);
  });
});

describe('import', () => {
  it('merges by site: replaces that site, keeps the others', () => {
    const existing = [make('http://localhost:5173', 'a'), make('http://localhost:4000', 'b')];
    const incoming = [make('http://localhost:5173', 'z', { credentials: false })];
    const r = importOverrides(JSON.stringify({ overrides: incoming }), existing, NOW, newId);
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(1);
    expect(r.value!.map((o) => [o.site, o.id, o.credentials])).toEqual([
      ['http://localhost:4000', 'b', true],
      ['http://localhost:5173', 'z', false],
    ]);
  });

  it('gives a new id when an imported id belongs to another site', () => {
    const existing = [make('http://localhost:4000', 'same')];
    const r = importOverrides(
      JSON.stringify([make('http://localhost:5173', 'same')]),
      existing,
      NOW,
      newId,
    );
    expect(r.value!.map((o) => o.id)).toEqual(['same', expect.stringMatching(/^new-/)]);
  });

  it('accepts a bare list', () => {
    const r = importOverrides(JSON.stringify([make('http://localhost:5173', 'a')]), [], NOW, newId);
    expect(r.imported).toBe(1);
  });

  it('refuses, naming entry and field: bad fields, tab-bound, already ended, duplicates', () => {
    const list = [
      make('http://localhost:5173', 'a'),
      { ...make('http://localhost:4000', 'b'), methods: ['GET POST'] },
      make('http://localhost:4001', 'c', { end: { kind: 'tab-close', tabId: 1 } }),
      make('http://localhost:4002', 'd', { end: { kind: 'at', at: NOW - 1 } }),
    ];
    const r1 = importOverrides(JSON.stringify(list), [], NOW, newId);
    expect(r1.value).toBeUndefined();
    expect(r1.errors.map((e) => e.path)).toEqual(['[1].methods[0]']);
    const r2 = importOverrides(JSON.stringify([list[0], list[2], list[3]]), [], NOW, newId);
    expect(r2.errors.map((e) => e.path)).toEqual(['[1].end', '[2].end.at']);
    const r3 = importOverrides(JSON.stringify([list[0], list[0]]), [], NOW, newId);
    expect(r3.errors.map((e) => e.path)).toEqual(['[1].id', '[1].site']);
  });

  it('says what is wrong with the document itself', () => {
    expect(importOverrides('nope', [], NOW, newId).errors[0]!.message).toMatch(/^Not valid JSON/);
    expect(importOverrides('{"a":1}', [], NOW, newId).errors[0]!.path).toBe('(root)');
    expect(
      importOverrides('{"format":"cors-lens-overrides","version":9,"overrides":[]}', [], NOW, newId)
        .errors[0]!.path,
    ).toBe('version');
  });
});
