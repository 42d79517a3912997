// Types for scripts/pack.mjs.
export interface ReleaseNames {
  chrome: string;
  chromePreflight: string;
  firefox: string;
  source: string;
}
export function releaseNames(version: string): ReleaseNames;
export function packageProblems(
  lean: Record<string, unknown>,
  preflight: Record<string, unknown>,
): string[];
export function packRelease(options: {
  chromeDir: string;
  chromePreflightDir?: string;
  firefoxDir: string;
  repoRoot: string;
  allowDebugger?: boolean;
}): {
  version: string;
  names: ReleaseNames;
  files: Record<string, Buffer>;
  skipped: Record<string, string[]>;
};
export function checksums(files: Record<string, Uint8Array>): string;
export const PACKAGE_BUILDS: Record<
  'chrome' | 'chromePreflight' | 'firefox',
  { target: 'chrome' | 'firefox'; env: Record<string, string>; allowDebugger?: boolean }
>;
export function buildPackage(
  key: 'chrome' | 'chromePreflight' | 'firefox',
  options: { cwd: string; outDir: string; repoRoot?: string },
): void;
export function rebuildFromSource(
  sourceZip: Buffer,
  repoRoot: string,
  keys: ('chrome' | 'chromePreflight' | 'firefox')[],
): Record<string, Buffer>;
