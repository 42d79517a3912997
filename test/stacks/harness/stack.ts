/** What the suite needs from each stack: how to start its minimal app with a pasted snippet. */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
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
  /** Starts the app with `snippet` pasted where the fix's "Where" note says ('' = unconfigured). */
  start(snippet: string, port: number, dir: string): Promise<Running>;
}

/** A fresh folder for one app. Under the repo's node_modules so Node apps resolve its packages. */
export function workDir(name: string): string {
  const base = resolve(REPO_ROOT, 'node_modules/.cache/cors-lens-stacks');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

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
