/** Shared builders for the override tests. */
import type { Override } from '../../../src/overrides/types.ts';

export const NOW = 1_700_000_000_000;
export const SITE = 'http://localhost:5173';
export const API = 'http://localhost:3000';

export function override(patch: Partial<Override> = {}): Override {
  return {
    id: 'ov-1',
    site: SITE,
    apiOrigins: 'any',
    credentials: true,
    methods: [],
    requestHeaders: [],
    exposeHeaders: [],
    learned: { methods: [], requestHeaders: [] },
    scope: { kind: 'site' },
    end: { kind: 'at', at: NOW + 3_600_000 },
    paused: false,
    answerPreflights: false,
    createdAt: NOW - 1000,
    ...patch,
  };
}

export function h(name: string, value: string): { name: string; value: string } {
  return { name, value };
}
