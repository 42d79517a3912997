import { describe, expect, it } from 'vitest';
import { createOverride } from '../../../src/overrides/create.ts';
import { storedOverride } from '../../fixtures/override.ts';
import { NOW, SITE } from './fixtures.ts';

describe('createOverride', () => {
  it('applies the defaults', () => {
    const { value, errors } = createOverride(
      { site: 'http://localhost:5173', duration: 15 },
      NOW,
      'id-1',
    );
    expect(errors).toEqual([]);
    expect(value).toEqual(
      storedOverride(NOW, { id: 'id-1', site: SITE, end: { kind: 'at', at: NOW + 15 * 60_000 } }),
    );
  });

  it('ends with the tab: from the scope or from the requesting tab', () => {
    const scoped = createOverride(
      { site: SITE, duration: 'tab-close', scope: { kind: 'tab', tabId: 4 } },
      NOW,
      'a',
    );
    expect(scoped.value?.end).toEqual({ kind: 'tab-close', tabId: 4 });
    const fromTab = createOverride({ site: SITE, duration: 'tab-close', tabId: 9 }, NOW, 'b');
    expect(fromTab.value?.end).toEqual({ kind: 'tab-close', tabId: 9 });
    expect(fromTab.value?.scope).toEqual({ kind: 'site' });
    const none = createOverride({ site: SITE, duration: 'tab-close' }, NOW, 'c');
    expect(none.errors).toEqual([
      { path: 'duration', message: expect.stringContaining('needs a tab') },
    ]);
  });

  it('reports bad drafts field by field', () => {
    const { value, errors } = createOverride(
      { site: 'localhost:5173', duration: -1, methods: ['bad method'] },
      NOW,
      'x',
    );
    expect(value).toBeUndefined();
    expect(errors.map((e) => e.path).sort()).toEqual(['duration', 'methods[0]', 'site']);
    expect(
      createOverride({ site: SITE, duration: 60 * 24 * 30 }, NOW, 'x').errors[0]?.message,
    ).toContain('At most 7 days');
  });
});
