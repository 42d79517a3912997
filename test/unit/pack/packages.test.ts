/**
 * The two Chrome packages: the lean store build and "CORS Lens (with preflight answers)". They must
 * differ exactly where they should (permission, name, description, toolbar title), pack
 * reproducibly, and be refused when they could not be told apart.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import baseManifest from '../../../manifest.json' with { type: 'json' };
import { manifestFor, PREFLIGHT_PACKAGE } from '../../../scripts/manifest-for.ts';
import { unzipBytes } from '../../../scripts/pack-zip.mjs';
import { PACKAGE_BUILDS, packageProblems, packRelease } from '../../../scripts/pack.mjs';

const REPO = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Manifest = Record<string, unknown>;
const lean = () => manifestFor(baseManifest, { target: 'chrome', testBuild: false });
const preflight = () =>
  manifestFor(baseManifest, { target: 'chrome', testBuild: false, withDebugger: true });

function fakeBuild(manifest: Manifest): string {
  const root = mkdtempSync(join(tmpdir(), 'cors-lens-build-'));
  dirs.push(root);
  const files = {
    'manifest.json': JSON.stringify(manifest),
    'assets/index-A1.js': 'console.log("background");\n',
    'icons/icon-16.png': '\x89PNG fake',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the preflight-answers manifest', () => {
  test('differs from the store manifest in debugger, name, description and toolbar title only', () => {
    const a = lean();
    const b = preflight();
    expect(a.permissions).not.toContain('debugger');
    expect(b.permissions).toEqual([...(a.permissions as string[]), 'debugger']);
    expect(b.name).toBe(PREFLIGHT_PACKAGE.name);
    expect(b.description).toBe(PREFLIGHT_PACKAGE.description);
    expect((b.action as { default_title: string }).default_title).toBe(PREFLIGHT_PACKAGE.name);
    const strip = (m: Manifest) => {
      const { name, description, permissions, action, ...rest } = m;
      void [name, description, permissions];
      const { default_title, ...restAction } = action as Record<string, unknown>;
      void default_title;
      return { ...rest, action: restAction };
    };
    expect(strip(b)).toEqual(strip(a));
    // No `key`: each store listing gets its own id, and an unpacked copy one from its folder.
    expect('key' in b).toBe(false);
  });

  test('fits the Chrome Web Store limits (name ≤ 75, description ≤ 132 characters)', () => {
    expect(PREFLIGHT_PACKAGE.name.length).toBeLessThanOrEqual(75);
    expect(PREFLIGHT_PACKAGE.description.length).toBeLessThanOrEqual(132);
  });

  test('the test build and Firefox keep the plain name', () => {
    expect(manifestFor(baseManifest, { target: 'chrome', testBuild: true }).name).toBe('CORS Lens');
    const firefox = manifestFor(baseManifest, {
      target: 'firefox',
      testBuild: false,
      withDebugger: true,
    });
    expect(firefox.name).toBe('CORS Lens');
    expect(firefox.permissions).not.toContain('debugger');
  });
});

describe('packRelease with both Chrome packages', () => {
  const builds = () => ({
    chromeDir: fakeBuild(lean()),
    chromePreflightDir: fakeBuild(preflight()),
    firefoxDir: fakeBuild(manifestFor(baseManifest, { target: 'firefox', testBuild: false })),
  });

  test('writes four zips, the same bytes twice, whatever the files’ times', () => {
    const dirs = builds();
    const first = packRelease({ ...dirs, repoRoot: REPO });
    expect(Object.keys(first.files).sort()).toEqual([
      'cors-lens-chrome-0.1.0.zip',
      'cors-lens-chrome-preflight-answers-0.1.0.zip',
      'cors-lens-firefox-0.1.0.zip',
      'cors-lens-source-0.1.0.zip',
    ]);
    utimesSync(
      join(dirs.chromePreflightDir, 'assets/index-A1.js'),
      new Date(2001, 1, 1),
      new Date(2031, 1, 1),
    );
    const second = packRelease({ ...dirs, repoRoot: REPO });
    for (const name of Object.keys(first.files)) {
      expect(sha(second.files[name]!)).toBe(sha(first.files[name]!));
    }
    const inZip = unzipBytes(first.files['cors-lens-chrome-preflight-answers-0.1.0.zip']!);
    const manifest = JSON.parse(
      inZip.find((e) => e.path === 'manifest.json')!.data.toString('utf8'),
    ) as Manifest;
    expect(manifest.name).toBe(PREFLIGHT_PACKAGE.name);
    expect(manifest.permissions).toContain('debugger');
  });

  test('refuses a preflight package without debugger, or named like the store one', () => {
    const dirs = builds();
    expect(() =>
      packRelease({ ...dirs, chromePreflightDir: fakeBuild(lean()), repoRoot: REPO }),
    ).toThrow(/no "debugger" permission[\s\S]*both Chrome packages are named "CORS Lens"/);
    expect(packageProblems(lean(), { ...preflight(), version: '9.9.9' })).toEqual([
      'version mismatch: Chrome build 0.1.0, preflight-answers build 9.9.9',
    ]);
    expect(packageProblems(lean(), preflight())).toEqual([]);
  });

  test('the lean store zip still refuses the debugger permission', () => {
    const dirs = builds();
    expect(() =>
      packRelease({ ...dirs, chromeDir: fakeBuild(preflight()), repoRoot: REPO }),
    ).toThrow(/--allow-debugger/);
  });

  test('the source rebuild knows how to build every package', () => {
    expect(PACKAGE_BUILDS.chromePreflight.env).toEqual({ CORS_LENS_DEBUGGER: '1' });
    expect(PACKAGE_BUILDS.firefox.env).toEqual({ TARGET: 'firefox' });
    expect(PACKAGE_BUILDS.chrome.env).toEqual({});
  });
});
