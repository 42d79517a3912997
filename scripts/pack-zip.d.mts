// Types for scripts/pack-zip.mjs (plain JS, so `npm run pack` needs no build step).
export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
}
export interface UnzippedEntry {
  path: string;
  data: Buffer;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Unix mode from the external attributes, e.g. 0o100644. */
  mode: number;
}
export function checkEntryPath(path: string): void;
export function compareEntryPaths(a: string, b: string): number;
export function zipBytes(entries: readonly ZipEntry[]): Buffer;
export function unzipBytes(zip: Buffer): UnzippedEntry[];
