#!/usr/bin/env node
// `npm run pack`: store-ready zips of the two Chrome packages — the lean store build (dist/) and
// "CORS Lens (with preflight answers)" (dist-preflight/, built with CORS_LENS_DEBUGGER=1: adds the
// `debugger` permission, which Chrome cannot make optional) — the Firefox build (dist-firefox/),
// and the source zip AMO asks for when the code is bundled, into release/ with a SHA256SUMS file.
// Reproducible: the same builds give the same bytes (see pack-zip.mjs). Then it proves the source
// zip is enough: it unpacks it, builds every package from it, and compares each result with its
// zip byte for byte (skip with --no-verify).
//
//   node scripts/pack.mjs [--chrome DIR] [--chrome-preflight DIR] [--firefox DIR] [--out DIR]
//                         [--no-verify] [--allow-debugger]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sourceEntries, storeEntries } from './pack-files.mjs';
import { unzipBytes, zipBytes } from './pack-zip.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Release file names for a version. */
export function releaseNames(version) {
  return {
    chrome: `cors-lens-chrome-${version}.zip`,
    chromePreflight: `cors-lens-chrome-preflight-answers-${version}.zip`,
    firefox: `cors-lens-firefox-${version}.zip`,
    source: `cors-lens-source-${version}.zip`,
  };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Why the two Chrome packages cannot be installed side by side and told apart, if they cannot: the
 * preflight package must carry `debugger` (its reason to exist) and a name of its own.
 */
export function packageProblems(lean, preflight) {
  const problems = [];
  const permissions = Array.isArray(preflight.permissions) ? preflight.permissions : [];
  if (!permissions.includes('debugger')) {
    problems.push(
      'the preflight-answers build has no "debugger" permission: build it with CORS_LENS_DEBUGGER=1',
    );
  }
  if (preflight.name === lean.name) {
    problems.push(
      `both Chrome packages are named "${lean.name}": the preflight-answers build needs its own name`,
    );
  }
  if (preflight.version !== lean.version) {
    problems.push(
      `version mismatch: Chrome build ${lean.version}, preflight-answers build ${preflight.version}`,
    );
  }
  return problems;
}

/**
 * Builds the zips in memory (the preflight-answers package when `chromePreflightDir` is given).
 * Pure apart from reading the folders: no clock, no environment. Returns the bytes per file name,
 * and what was left out of the store zips.
 */
export function packRelease({
  chromeDir,
  chromePreflightDir,
  firefoxDir,
  repoRoot,
  allowDebugger = false,
}) {
  const chrome = storeEntries(chromeDir, 'chrome', { allowDebugger });
  const firefox = storeEntries(firefoxDir, 'firefox');
  const version = chrome.manifest.version;
  if (firefox.manifest.version !== version) {
    throw new Error(
      `version mismatch: Chrome build ${version}, Firefox build ${firefox.manifest.version}`,
    );
  }
  const names = releaseNames(version);
  const files = {
    [names.chrome]: zipBytes(chrome.entries),
    [names.firefox]: zipBytes(firefox.entries),
    [names.source]: zipBytes(sourceEntries(repoRoot)),
  };
  const skipped = { chrome: chrome.skipped, firefox: firefox.skipped };
  if (chromePreflightDir !== undefined) {
    const preflight = storeEntries(chromePreflightDir, 'chrome', { allowDebugger: true });
    const problems = packageProblems(chrome.manifest, preflight.manifest);
    if (problems.length > 0) {
      throw new Error(
        `the two Chrome packages do not fit together:\n  - ${problems.join('\n  - ')}`,
      );
    }
    files[names.chromePreflight] = zipBytes(preflight.entries);
    skipped['chrome (with preflight answers)'] = preflight.skipped;
  }
  return { version, names, files, skipped };
}

/** `name  hash` lines, sorted, as `sha256sum -c` reads them. */
export function checksums(files) {
  return Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name])}  ${name}\n`)
    .join('');
}

/** How each release package is built from the sources: vite's environment, and the zip's target. */
export const PACKAGE_BUILDS = {
  chrome: { target: 'chrome', env: {} },
  chromePreflight: { target: 'chrome', env: { CORS_LENS_DEBUGGER: '1' }, allowDebugger: true },
  firefox: { target: 'firefox', env: { TARGET: 'firefox' } },
};

/**
 * Runs vite for one package (a key of PACKAGE_BUILDS) in `cwd` into `outDir`, with exactly that
 * package's environment: any CORS_LENS_* or TARGET of the caller's shell is dropped first.
 */
export function buildPackage(key, { cwd, outDir, repoRoot = cwd }) {
  const build = PACKAGE_BUILDS[key];
  const env = { ...process.env, OUT_DIR: outDir };
  delete env.CORS_LENS_TEST_BUILD;
  delete env.CORS_LENS_DEBUGGER;
  delete env.TARGET;
  Object.assign(env, build.env);
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd,
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building ${key} failed:\n${r.stderr || r.stdout}`);
}

/**
 * Unpacks the source zip, links node_modules, runs each named package's build there (keys of
 * PACKAGE_BUILDS) and zips the results the same way. Returns the zips' bytes by key (the caller
 * compares them with the release's).
 */
export function rebuildFromSource(sourceZip, repoRoot, keys) {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-source-'));
  try {
    for (const { path, data } of unzipBytes(sourceZip)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), data);
    }
    // The reviewer runs `npm ci`; the locked packages are the same as ours, so link them.
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const out = {};
    for (const key of keys) {
      const build = PACKAGE_BUILDS[key];
      const outDir = join(dir, `out-${key}`);
      buildPackage(key, { cwd: dir, outDir, repoRoot });
      const entries = storeEntries(outDir, build.target, {
        allowDebugger: build.allowDebugger === true,
      }).entries;
      out[key] = zipBytes(entries);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      chrome: { type: 'string', default: 'dist' },
      'chrome-preflight': { type: 'string', default: 'dist-preflight' },
      firefox: { type: 'string', default: 'dist-firefox' },
      out: { type: 'string', default: 'release' },
      'no-verify': { type: 'boolean', default: false },
      'allow-debugger': { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const out = resolve(ROOT, values.out);
  const release = packRelease({
    chromeDir: resolve(ROOT, values.chrome),
    chromePreflightDir: resolve(ROOT, values['chrome-preflight']),
    firefoxDir: resolve(ROOT, values.firefox),
    repoRoot: ROOT,
    allowDebugger: values['allow-debugger'],
  });
  mkdirSync(out, { recursive: true });
  // Only our own earlier outputs are replaced, so a stale version never sits next to the new one.
  for (const name of readdirSync(out)) {
    if (/^cors-lens-(?:chrome|firefox|source)-.*\.zip$/.test(name) || name === 'SHA256SUMS') {
      rmSync(join(out, name));
    }
  }
  for (const [name, bytes] of Object.entries(release.files)) writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, 'SHA256SUMS'), checksums(release.files));
  for (const [name, bytes] of Object.entries(release.files)) {
    console.log(`${values.out}/${name}  ${bytes.length} bytes  sha256 ${sha256(bytes)}`);
  }
  for (const [target, skipped] of Object.entries(release.skipped)) {
    if (skipped.length) console.log(`left out of the ${target} zip: ${skipped.join(', ')}`);
  }
  if (!values['no-verify']) {
    // Every package, not only the one AMO reviews: a build input missing from the source zip, or a
    // stale build folder, shows up here instead of in a store review.
    const keys = Object.keys(PACKAGE_BUILDS).filter((k) => release.names[k] in release.files);
    const rebuilt = rebuildFromSource(release.files[release.names.source], ROOT, keys);
    for (const key of keys) {
      if (!rebuilt[key].equals(release.files[release.names[key]])) {
        throw new Error(
          `the ${key} build made from the source zip differs from ${release.names[key]}: a build ` +
            'input is missing from SOURCE_PATHS (scripts/pack-files.mjs), or its build folder is stale',
        );
      }
    }
    console.log(`verified: the source zip rebuilds ${keys.join(', ')} byte for byte`);
  }
  console.log(`packed in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`pack: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
