/** Shared builders for the override tests. */
import type { Override } from '../../../src/overrides/types.ts';
import { storedOverride } from '../../fixtures/override.ts';

export const NOW = 1_700_000_000_000;
export const SITE = 'http://localhost:5173';
export const API = 'http://localhost:3000';

export function override(patch: Partial<Override> = {}): Override {
  return storedOverride(NOW, { site: SITE, createdAt: NOW - 1000, ...patch });
}

export function h(name: string, value: string): { name: string; value: string } {
  return { name, value };
}
