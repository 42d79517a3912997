// Types for scripts/pack-files.mjs.
import type { ZipEntry } from './pack-zip.mjs';

export type PackTarget = 'chrome' | 'firefox';
export const SOURCE_PATHS: readonly string[];
export function excludedFromStoreZip(path: string): string | undefined;
export function listFiles(root: string): string[];
export function storeProblems(
  target: PackTarget,
  manifest: Record<string, unknown>,
  files: readonly string[],
  readText: (file: string) => string,
  options?: { allowDebugger?: boolean },
): string[];
export function storeEntries(
  root: string,
  target: PackTarget,
  options?: { allowDebugger?: boolean },
): {
  manifest: Record<string, unknown>;
  entries: { path: string; data: Buffer }[];
  skipped: string[];
};
export function sourceEntries(repoRoot: string): { path: string; data: Buffer }[];
export type { ZipEntry };
