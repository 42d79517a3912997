#!/usr/bin/env node
// `npm run pack`: store-ready zips of the Chrome build (dist/) and the Firefox build
// (dist-firefox/), and the source zip AMO asks for when the code is bundled, into release/ with a
// SHA256SUMS file. Reproducible: the same builds give the same bytes (see pack-zip.mjs). Then it
// proves the source zip is enough: it unpacks it, builds Firefox from it, and compares the result
// with the Firefox zip byte for byte (skip with --no-verify).
//
//   node scripts/pack.mjs [--chrome DIR] [--firefox DIR] [--out DIR] [--no-verify] [--allow-debugger]
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
    firefox: `cors-lens-firefox-${version}.zip`,
    source: `cors-lens-source-${version}.zip`,
  };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Builds the three zips in memory. Pure apart from reading the folders: no clock, no environment.
 * Returns the bytes per file name, and what was left out of the store zips.
 */
export function packRelease({ chromeDir, firefoxDir, repoRoot, allowDebugger = false }) {
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
  return { version, names, files, skipped: { chrome: chrome.skipped, firefox: firefox.skipped } };
}

/** `name  hash` lines, sorted, as `sha256sum -c` reads them. */
export function checksums(files) {
  return Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name])}  ${name}\n`)
    .join('');
}

/**
 * Unpacks the source zip, links node_modules, runs the Firefox build there and zips the result
 * the same way. Returns that zip's bytes (the caller compares them with the release's).
 */
export function rebuildFirefoxFromSource(sourceZip, repoRoot) {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-source-'));
  try {
    for (const { path, data } of unzipBytes(sourceZip)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), data);
    }
    // The reviewer runs `npm ci`; the locked packages are the same as ours, so link them.
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const env = { ...process.env, TARGET: 'firefox', OUT_DIR: join(dir, 'out') };
    delete env.CORS_LENS_TEST_BUILD;
    delete env.CORS_LENS_DEBUGGER;
    const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`building Firefox from the source zip failed:\n${r.stderr || r.stdout}`);
    }
    return zipBytes(storeEntries(join(dir, 'out'), 'firefox').entries);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      chrome: { type: 'string', default: 'dist' },
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
    const rebuilt = rebuildFirefoxFromSource(release.files[release.names.source], ROOT);
    if (!rebuilt.equals(release.files[release.names.firefox])) {
      throw new Error(
        'the Firefox build made from the source zip differs from the Firefox zip: a build input ' +
          'is missing from SOURCE_PATHS (scripts/pack-files.mjs), or dist-firefox/ is stale',
      );
    }
    console.log('verified: the source zip rebuilds the Firefox zip byte for byte');
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
