/** What the suite needs from each stack: how to start its minimal app with a pasted snippet. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleFormat } from '../../../src/fixes/index.ts';
import type { StackId } from '../../../src/fixes/types.ts';
import type { Running } from './processes.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackUnderTest {
  /** The generator whose snippet is pasted. */
  stack: StackId;
  /** e.g. "express + cors (CommonJS)". */
  label: string;
  moduleFormat?: ModuleFormat;
  /** Name and version of what ran, measured from the installed packages (for the README table). */
  versions(): string;
  /**
   * nginx, Apache, Caddy: they pass OPTIONS on to the app behind them, so they have no preflight
   * default of their own. Every other stack's unconfigured answer must be the one the diagnosis
   * quotes (src/fixes/unconfigured.ts).
   */
  frontsAnApp?: boolean;
  /**
   * The folder under test/stacks with the stack's own package.json and lock (npm ci --prefix it):
   * its apps get a folder of their own with that node_modules (see `workDir`).
   */
  home?: string;
  /** Starts the app with `snippet` pasted where the fix's "Where" note says ('' = unconfigured). */
  start(snippet: string, port: number, dir: string): Promise<Running>;
}

/**
 * A fresh folder for one app. Under the repo's node_modules so Node apps resolve its packages; for
 * a stack with a `home`, a project folder in `.tmp/` (ignored by git, lint and format) whose
 * node_modules is the home's, as a project of that framework has it: bundlers (Next.js, webpack,
 * Angular) treat what lies under a node_modules folder as packages, not as the app.
 */
export function workDir(name: string, home?: string): string {
  if (!home) {
    const base = resolve(REPO_ROOT, 'node_modules/.cache/cors-lens-stacks');
    mkdirSync(base, { recursive: true });
    return mkdtempSync(join(base, `${name}-`));
  }
  const base = resolve(REPO_ROOT, '.tmp/stacks');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name}-`));
  symlinkSync(homeModules(home), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Removes an app folder made by `workDir` for a stack with a home (its builds are large). */
export function removeWorkDir(dir: string): void {
  if (dir.startsWith(resolve(REPO_ROOT, '.tmp/stacks')))
    rmSync(dir, { recursive: true, force: true });
}

const homeModules = (home: string) => resolve(REPO_ROOT, 'test/stacks', home, 'node_modules');

/** Versions installed in a stack's home; fails with the install command when they are missing. */
export function homeVersions(home: string, names: readonly string[]): string {
  return names
    .map((name) => {
      const file = join(homeModules(home), name, 'package.json');
      if (!existsSync(file)) missing(name, `npm ci --prefix test/stacks/${home}`);
      return `${name} ${(JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version}`;
    })
    .join(', ');
}

/** A command of a package in a stack's home, e.g. `next/dist/bin/next`. */
export const homeBin = (home: string, path: string) => join(homeModules(home), path);

export function packageVersion(name: string): string {
  const pkg = JSON.parse(
    readFileSync(resolve(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { version: string };
  return `${name} ${pkg.version}`;
}

/** Fails with an install hint: a missing stack fails the suite, it is never skipped. */
export function missing(what: string, install: string): never {
  throw new Error(`${what} is not installed: ${install} (.ci/run installs it).`);
}
