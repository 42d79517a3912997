// Types for scripts/pack.mjs.
export function releaseNames(version: string): { chrome: string; firefox: string; source: string };
export function packRelease(options: {
  chromeDir: string;
  firefoxDir: string;
  repoRoot: string;
  allowDebugger?: boolean;
}): {
  version: string;
  names: { chrome: string; firefox: string; source: string };
  files: Record<string, Buffer>;
  skipped: { chrome: string[]; firefox: string[] };
};
export function checksums(files: Record<string, Uint8Array>): string;
export function rebuildFirefoxFromSource(sourceZip: Buffer, repoRoot: string): Buffer;
