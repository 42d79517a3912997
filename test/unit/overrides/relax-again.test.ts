// The one "relax again" rule (src/overrides/relax-again.ts), used by every path that relaxes a site
// that already has an override: nothing the override allowed is taken away.
import { describe, expect, it } from 'vitest';
import { addToList, createOverride, type Override } from '../../../src/overrides/index.ts';

const SITE = 'http://localhost:5173';
const T0 = 1_000_000;

function made(draft: Parameters<typeof createOverride>[0], now: number, id: string): Override {
  const r = createOverride(draft, now, id);
  if (!r.value) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('relaxing a site again', () => {
  it('keeps what was allowed and learned, takes the new end, keeps the id', () => {
    const first: Override = {
      ...made(
        { site: SITE, duration: 480, apiOrigins: ['http://127.0.0.1:3000'], methods: ['PUT'] },
        T0,
        'a',
      ),
      learned: {
        methods: ['DELETE'],
        requestHeaders: ['x-token'],
        redirectOrigins: ['http://auth.localhost'],
      },
      paused: true,
    };
    const again = made(
      {
        site: SITE,
        duration: 15,
        apiOrigins: ['http://127.0.0.1:4000'],
        credentials: false,
        requestHeaders: ['x-trace'],
        scope: { kind: 'tab', tabId: 3 },
      },
      T0 + 1000,
      'b',
    );
    const { list, result } = addToList([first], again);
    expect(list).toEqual([result]);
    expect(result).toMatchObject({
      id: 'a',
      createdAt: T0,
      apiOrigins: ['http://127.0.0.1:3000', 'http://127.0.0.1:4000'],
      credentials: true,
      methods: ['PUT'],
      requestHeaders: ['x-trace'],
      learned: {
        methods: ['DELETE'],
        requestHeaders: ['x-token'],
        redirectOrigins: ['http://auth.localhost'],
      },
      scope: { kind: 'site' },
      end: { kind: 'at', at: T0 + 1000 + 15 * 60_000 },
      paused: false,
    });
  });

  it('"any" wins; the same tab keeps a one-tab scope; other sites are untouched', () => {
    const other = made({ site: 'http://localhost:4000', duration: 60 }, T0, 'o');
    const first = made(
      {
        site: SITE,
        duration: 60,
        apiOrigins: ['http://127.0.0.1:3000'],
        scope: { kind: 'tab', tabId: 7 },
      },
      T0,
      'a',
    );
    const again = made({ site: SITE, duration: 60, scope: { kind: 'tab', tabId: 7 } }, T0, 'b');
    const { list, result } = addToList([other, first], again);
    expect(result.apiOrigins).toBe('any');
    expect(result.scope).toEqual({ kind: 'tab', tabId: 7 });
    expect(list).toEqual([other, result]);
  });
});
