/** What goes into the release zips, and that packing twice gives the same bytes. */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import baseManifest from '../../../manifest.json' with { type: 'json' };
import { manifestFor } from '../../../scripts/manifest-for.ts';
import {
  SOURCE_PATHS,
  sourceEntries,
  storeEntries,
  storeProblems,
} from '../../../scripts/pack-files.mjs';
import { unzipBytes } from '../../../scripts/pack-zip.mjs';
import { checksums, packRelease } from '../../../scripts/pack.mjs';

const REPO = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeBuild(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cors-lens-build-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const storeManifest = (target: 'chrome' | 'firefox') =>
  JSON.stringify(manifestFor(baseManifest, { target, testBuild: false }));

function builds() {
  const common = {
    'assets/index-A1.js': 'console.log("background");\n',
    'extension/popup/index.html':
      '<!doctype html><script type="module" src="/assets/p.js"></script>',
    'icons/icon-16.png': '\x89PNG fake',
  };
  return {
    chromeDir: fakeBuild({ ...common, 'manifest.json': storeManifest('chrome') }),
    firefoxDir: fakeBuild({ ...common, 'manifest.json': storeManifest('firefox') }),
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('packRelease', () => {
  test('packing twice gives the same bytes, whatever the files’ times, modes and the clock', () => {
    const { chromeDir, firefoxDir } = builds();
    const first = packRelease({ chromeDir, firefoxDir, repoRoot: REPO });
    // Same content, different disk metadata: a fresh build always has new mtimes.
    for (const dir of [chromeDir, firefoxDir]) {
      utimesSync(join(dir, 'assets/index-A1.js'), new Date(2001, 1, 1), new Date(2031, 1, 1));
      chmodSync(join(dir, 'icons/icon-16.png'), 0o755);
    }
    const second = packRelease({ chromeDir, firefoxDir, repoRoot: REPO });
    expect(Object.keys(second.files).sort()).toEqual(Object.keys(first.files).sort());
    for (const name of Object.keys(first.files)) {
      expect(sha(second.files[name]!)).toBe(sha(first.files[name]!));
    }
    expect(checksums(second.files)).toBe(checksums(first.files));
    expect(Object.keys(first.files).sort()).toEqual([
      'cors-lens-chrome-0.1.0.zip',
      'cors-lens-firefox-0.1.0.zip',
      'cors-lens-source-0.1.0.zip',
    ]);
  });

  test('a changed file changes the zip', () => {
    const { chromeDir, firefoxDir } = builds();
    const first = packRelease({ chromeDir, firefoxDir, repoRoot: REPO });
    writeFileSync(join(firefoxDir, 'assets/index-A1.js'), 'console.log("changed");\n');
    const second = packRelease({ chromeDir, firefoxDir, repoRoot: REPO });
    expect(second.files['cors-lens-firefox-0.1.0.zip']).not.toEqual(
      first.files['cors-lens-firefox-0.1.0.zip'],
    );
    expect(second.files['cors-lens-chrome-0.1.0.zip']).toEqual(
      first.files['cors-lens-chrome-0.1.0.zip'],
    );
  });

  test('refuses builds of different versions', () => {
    const { chromeDir } = builds();
    const other = JSON.parse(storeManifest('firefox')) as Record<string, unknown>;
    const firefoxDir = fakeBuild({
      'manifest.json': JSON.stringify({ ...other, version: '9.9.9' }),
    });
    expect(() => packRelease({ chromeDir, firefoxDir, repoRoot: REPO })).toThrow(
      /version mismatch/,
    );
  });
});

describe('storeEntries', () => {
  test('leaves out browser and tooling artefacts, and says so', () => {
    const root = fakeBuild({
      'manifest.json': storeManifest('chrome'),
      'assets/a.js': 'x',
      'assets/a.js.map': '{}',
      '_metadata/computed_hashes.json': '{}',
      '_locales/en/messages.json': '{}',
      '.vite/manifest.json': '{}',
      'icons/.DS_Store': '',
      'icons/Thumbs.db': '',
    });
    const { entries, skipped } = storeEntries(root, 'chrome');
    expect(entries.map((e) => e.path)).toEqual([
      '_locales/en/messages.json',
      'assets/a.js',
      'manifest.json',
    ]);
    expect(skipped.sort()).toEqual(
      [
        '.vite/manifest.json',
        '_metadata/computed_hashes.json',
        'assets/a.js.map',
        'icons/.DS_Store',
        'icons/Thumbs.db',
      ].sort(),
    );
  });

  test('a folder without a manifest is reported, not zipped', () => {
    expect(() => storeEntries(fakeBuild({ 'a.js': '' }), 'chrome')).toThrow(/no manifest.json/);
  });
});

describe('storeProblems', () => {
  const read = (text: string) => () => text;
  const m = (target: 'chrome' | 'firefox', testBuild = false, withDebugger = false) =>
    manifestFor(baseManifest, { target, testBuild, withDebugger });

  test('the store manifests manifestFor makes pass', () => {
    expect(storeProblems('chrome', m('chrome'), [], read(''))).toEqual([]);
    expect(storeProblems('firefox', m('firefox'), [], read(''))).toEqual([]);
  });

  test('the end-to-end test builds are refused for both browsers', () => {
    expect(storeProblems('chrome', m('chrome', true), [], read('')).join('\n')).toMatch(
      /"key".*test build[\s\S]*declarativeNetRequestFeedback[\s\S]*host_permissions/,
    );
    expect(storeProblems('firefox', m('firefox', true), [], read('')).join('\n')).toMatch(
      /declarativeNetRequestFeedback[\s\S]*host_permissions/,
    );
  });

  test('a dev-server build is refused', () => {
    const loader =
      "import 'http://localhost:5173/@vite/env';\nimport 'http://localhost:5173/@crx/client-worker';";
    expect(
      storeProblems('chrome', m('chrome'), ['service-worker-loader.js'], read(loader)),
    ).toEqual(['service-worker-loader.js loads from the vite dev server: a dev build']);
    const dev = {
      ...m('chrome'),
      web_accessible_resources: [{ resources: ['**/*', '*'], matches: ['<all_urls>'] }],
    };
    expect(storeProblems('chrome', dev, [], read(''))[0]).toMatch(/\*\*\/\*.*dev build/);
  });

  test('each browser’s zip must hold that browser’s build', () => {
    expect(storeProblems('firefox', m('chrome'), [], read(''))).toEqual([
      'Firefox build without background.scripts',
      'Firefox build without browser_specific_settings.gecko.id',
    ]);
    expect(storeProblems('chrome', m('firefox'), [], read(''))).toEqual([
      'Chrome build without a service worker',
      'Chrome build with Firefox settings',
    ]);
  });

  test('the debugger permission ships only when asked for', () => {
    const withDebugger = m('chrome', false, true);
    expect(storeProblems('chrome', withDebugger, [], read(''))[0]).toMatch(/--allow-debugger/);
    expect(storeProblems('chrome', withDebugger, [], read(''), { allowDebugger: true })).toEqual(
      [],
    );
  });
});

describe('sourceEntries', () => {
  test('holds every build input and nothing generated', () => {
    const paths = sourceEntries(REPO).map((e) => e.path);
    for (const p of ['package.json', 'package-lock.json', 'vite.config.ts', 'manifest.json']) {
      expect(paths).toContain(p);
    }
    expect(paths.some((p) => p.startsWith('extension/background/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('src/cors/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('public/icons/'))).toBe(true);
    for (const p of paths) {
      expect(SOURCE_PATHS.some((root) => p === root || p.startsWith(`${root}/`))).toBe(true);
      expect(p).not.toMatch(/(^|\/)(node_modules|dist[^/]*|release|\.tmp)\//);
    }
  });

  test('every relative import of vite.config.ts is in the source zip', () => {
    const entries = sourceEntries(REPO);
    const config = entries.find((e) => e.path === 'vite.config.ts')!.data.toString('utf8');
    const imports = [...config.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(entries.map((e) => e.path)).toContain(i);
  });

  test('the release source zip unpacks to the same files', () => {
    const { chromeDir, firefoxDir } = builds();
    const { files, names } = packRelease({ chromeDir, firefoxDir, repoRoot: REPO });
    const back = unzipBytes(files[names.source]!);
    expect(back.map((e) => e.path)).toEqual(sourceEntries(REPO).map((e) => e.path));
  });
});
