import { describe, expect, it } from 'vitest';
import { activeOverrides, endsAt, isExpired, nextExpiry } from '../../../src/overrides/expiry.ts';
import { NOW, override } from './fixtures.ts';

describe('expiry', () => {
  const timed = override({ id: 'timed', end: { kind: 'at', at: NOW + 1000 } });
  const past = override({ id: 'past', end: { kind: 'at', at: NOW } });
  const paused = override({ id: 'paused', paused: true, end: { kind: 'at', at: NOW + 500 } });
  const withTab = override({ id: 'tab', end: { kind: 'tab-close', tabId: 3 } });
  const scoped = override({ id: 'scoped', scope: { kind: 'tab', tabId: 5 } });

  it('endsAt', () => {
    expect(endsAt(timed)).toBe(NOW + 1000);
    expect(endsAt(withTab)).toBeUndefined();
  });

  it('an override ends at its time (inclusive) or when its tab closes', () => {
    expect(isExpired(timed, NOW, [])).toBe(false);
    expect(isExpired(timed, NOW + 1000, [])).toBe(true);
    expect(isExpired(past, NOW, [])).toBe(true);
    expect(isExpired(withTab, NOW, [3])).toBe(false);
    expect(isExpired(withTab, NOW, new Set([4]))).toBe(true);
  });

  it('activeOverrides drops paused, expired and tab-scoped overrides whose tab is gone', () => {
    const all = [timed, past, paused, withTab, scoped];
    expect(activeOverrides(all, NOW, [3, 5]).map((o) => o.id)).toEqual(['timed', 'tab', 'scoped']);
    expect(activeOverrides(all, NOW, []).map((o) => o.id)).toEqual(['timed']);
  });

  it('nextExpiry is the earliest time-based end, paused included', () => {
    expect(nextExpiry([timed, paused, withTab])).toBe(NOW + 500);
    expect(nextExpiry([withTab])).toBeUndefined();
    expect(nextExpiry([])).toBeUndefined();
  });
});
