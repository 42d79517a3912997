// What goes into each release zip, and the checks that keep test builds, dev builds and browser
// artefacts out of the store packages.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareEntryPaths } from './pack-zip.mjs';

/**
 * Build inputs an AMO reviewer needs to rebuild the Firefox package (`npm ci` runs `prepare`, which
 * builds the command line, hence vite.cli.config.ts). `npm run pack` rebuilds from the source zip
 * and compares, so a missing input fails the pack instead of the review.
 */
export const SOURCE_PATHS = [
  'README.md',
  'docs/firefox.md',
  'package.json',
  'package-lock.json',
  'manifest.json',
  'vite.config.ts',
  'vite.cli.config.ts',
  'tsconfig.json',
  'tsconfig.src.json',
  'scripts/manifest-for.ts',
  'scripts/target-defines.ts',
  'extension',
  'src',
  'public',
];

/**
 * Why a file of a build folder is left out of a store zip, or undefined to keep it. Chromium writes
 * `_metadata/` (verified contents hashes) into a folder it loads unpacked, and reserves every
 * top-level name starting with `_` except `_locales`; dot-files (.vite/, .DS_Store) and source maps
 * are tooling artefacts, not the extension.
 */
export function excludedFromStoreZip(path) {
  const segments = path.split('/');
  const top = segments[0];
  if (top.startsWith('_') && top !== '_locales') return 'reserved by the browser (e.g. _metadata/)';
  if (segments.some((s) => s.startsWith('.'))) return 'dot-file (tooling artefact)';
  if (path.endsWith('.map')) return 'source map';
  if (segments.at(-1) === 'Thumbs.db') return 'OS artefact';
  return undefined;
}

/** Every regular file under `root` as sorted relative paths; symlinks are refused. */
export function listFiles(root) {
  const out = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) throw new Error(`refusing a symlink in a package: ${rel}`);
      if (entry.isDirectory()) walk(abs, rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(root, '');
  return out.sort(compareEntryPaths);
}

/** Text that only a crxjs/vite dev-server build contains (its loader imports from the server). */
const DEV_SERVER_MARK = /\/@(?:vite|crx)\//;

/**
 * Problems that make a build folder unfit for the store: a test build (pinned key, feedback
 * permission), a dev-server build, the other browser's manifest shape, a Chrome-only permission.
 */
export function storeProblems(target, manifest, files, readText, { allowDebugger = false } = {}) {
  const problems = [];
  const permissions = Array.isArray(manifest.permissions) ? manifest.permissions : [];
  if ('key' in manifest) problems.push('manifest has "key": this is the end-to-end test build');
  if (permissions.includes('declarativeNetRequestFeedback')) {
    problems.push('manifest asks for declarativeNetRequestFeedback: this is the test build');
  }
  if (Array.isArray(manifest.host_permissions) && manifest.host_permissions.length > 0) {
    problems.push('manifest grants host_permissions up front: store builds ask per site');
  }
  const war = JSON.stringify(manifest.web_accessible_resources ?? []);
  if (war.includes('"**/*"')) problems.push('web_accessible_resources exposes "**/*": a dev build');
  for (const file of files) {
    if (/\.(?:m?js|html)$/.test(file) && DEV_SERVER_MARK.test(readText(file))) {
      problems.push(`${file} loads from the vite dev server: a dev build`);
    }
  }
  const bg = manifest.background ?? {};
  if (target === 'chrome') {
    if (typeof bg.service_worker !== 'string')
      problems.push('Chrome build without a service worker');
    if (manifest.browser_specific_settings) problems.push('Chrome build with Firefox settings');
    if (permissions.includes('debugger') && !allowDebugger) {
      problems.push(
        'manifest asks for "debugger" (built with CORS_LENS_DEBUGGER=1); pass --allow-debugger to ship it',
      );
    }
  } else {
    if (!Array.isArray(bg.scripts)) problems.push('Firefox build without background.scripts');
    if (typeof manifest.browser_specific_settings?.gecko?.id !== 'string') {
      problems.push('Firefox build without browser_specific_settings.gecko.id');
    }
    if (permissions.includes('debugger')) problems.push('Firefox has no debugger permission');
  }
  return problems;
}

/**
 * The entries of a store zip for one build folder, after the checks. Throws with every problem
 * listed when the folder is not a store build.
 */
export function storeEntries(root, target, options = {}) {
  if (!existsSync(join(root, 'manifest.json'))) {
    throw new Error(`${root} has no manifest.json: build it first (npm run pack builds both)`);
  }
  const all = listFiles(root);
  const files = all.filter((f) => excludedFromStoreZip(f) === undefined);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const problems = storeProblems(
    target,
    manifest,
    files,
    (f) => readFileSync(join(root, f), 'utf8'),
    options,
  );
  if (problems.length > 0) {
    throw new Error(`${root} is not a ${target} store build:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    manifest,
    entries: files.map((path) => ({ path, data: readFileSync(join(root, path)) })),
    skipped: all.filter((f) => !files.includes(f)),
  };
}

function gitListed(repoRoot, paths) {
  const r = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...paths],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status !== 0 || r.error) return undefined;
  return r.stdout.split('\0').filter(Boolean);
}

/**
 * The source zip's entries: SOURCE_PATHS as git sees them (tracked or new, never ignored, so no
 * node_modules, dist or .tmp), or — outside a git checkout — as found on disk minus the same
 * ignored folders.
 */
export function sourceEntries(repoRoot) {
  const missing = SOURCE_PATHS.filter((p) => !existsSync(join(repoRoot, p)));
  if (missing.length > 0) throw new Error(`source files missing: ${missing.join(', ')}`);
  let files = gitListed(repoRoot, SOURCE_PATHS);
  if (files === undefined) {
    files = SOURCE_PATHS.flatMap((p) =>
      lstatSync(join(repoRoot, p)).isDirectory()
        ? listFiles(join(repoRoot, p)).map((f) => `${p}/${f}`)
        : [p],
    ).filter((f) => !f.split('/').some((s) => s.startsWith('.') || s === 'node_modules'));
  }
  files = [...new Set(files)]
    // `git ls-files --cached` still lists a tracked file deleted in the work tree.
    .filter((f) => existsSync(join(repoRoot, f)) && lstatSync(join(repoRoot, f)).isFile())
    .sort(compareEntryPaths);
  return files.map((path) => ({ path, data: readFileSync(join(repoRoot, path)) }));
}
