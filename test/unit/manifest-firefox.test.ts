/** The Firefox build's manifest and build-time switches, and the premise of its lint exception. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import baseManifest from '../../manifest.json' with { type: 'json' };
import { FIREFOX_ADDON_ID, manifestFor } from '../../scripts/manifest-for.ts';
import { targetDefines } from '../../scripts/target-defines.ts';

const firefox = (testBuild = false, withDebugger = false) =>
  manifestFor(baseManifest, { target: 'firefox', testBuild, withDebugger });
const chrome = (testBuild = false) => manifestFor(baseManifest, { target: 'chrome', testBuild });

describe('manifestFor firefox', () => {
  test('MV3 event page instead of a service worker, same entry module', () => {
    expect(firefox().background).toEqual({
      scripts: [baseManifest.background.service_worker],
      type: 'module',
    });
    expect(firefox().manifest_version).toBe(3);
  });

  test('add-on id and data-collection declaration, and no minimum version', () => {
    expect(firefox().browser_specific_settings).toEqual({
      gecko: { id: FIREFOX_ADDON_ID, data_collection_permissions: { required: ['none'] } },
    });
    // strict_min_version 142 would shut out 140 ESR; 128/140 draw `web-ext lint` warnings.
    expect(JSON.stringify(firefox())).not.toMatch(/strict_min_version|minimum_chrome_version/);
  });

  test('host access stays optional and per site, as in Chrome (both origins are asked for)', () => {
    expect(firefox().optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(firefox().host_permissions).toBeUndefined();
    expect(firefox().permissions).toEqual(chrome().permissions);
  });

  test('never the Chrome-only debugger permission, never the Chrome `key`', () => {
    expect(firefox(false, true).permissions).not.toContain('debugger');
    expect(firefox(true).permissions).not.toContain('debugger');
    expect(firefox(true).key).toBeUndefined();
    expect(chrome(true).key).toEqual(expect.any(String));
  });

  test('the test build grants host access up front, like the Chrome test build', () => {
    expect(firefox(true).host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(firefox(true).optional_host_permissions).toBeUndefined();
  });

  test('the Chrome manifest is the base one, untouched by the Firefox patch', () => {
    const c = chrome();
    expect(c.background).toEqual(baseManifest.background);
    expect(c.browser_specific_settings).toBeUndefined();
    expect(c.minimum_chrome_version).toBe(baseManifest.minimum_chrome_version);
  });

  test('does not modify the base manifest it is given', () => {
    const before = JSON.stringify(baseManifest);
    firefox(true, true);
    expect(JSON.stringify(baseManifest)).toBe(before);
  });
});

describe('targetDefines', () => {
  const off = { 'import.meta.env.CORS_LENS_TEST_BUILD': 'false' };
  test('Firefox compiles chrome.debugger out; Chrome is left as is', () => {
    expect(targetDefines('firefox')).toEqual({ 'chrome.debugger': 'undefined', ...off });
    expect(targetDefines('chrome')).toEqual(off);
  });

  test('only the test build keeps the service worker’s test hooks', () => {
    const on = { 'import.meta.env.CORS_LENS_TEST_BUILD': 'true' };
    expect(targetDefines('chrome', true)).toEqual(on);
    expect(targetDefines('firefox', true)).toMatchObject(on);
  });
});

/** Every .ts/.tsx file under a folder of the repository. */
function sources(dir: string): string[] {
  const root = new URL(`../../${dir}/`, import.meta.url).pathname;
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(root, f));
}

describe('the lint exception for preact (docs/firefox.md)', () => {
  // `lint:firefox` sets aside the vendor-preact chunk, whose one finding is the innerHTML sink behind
  // `dangerouslySetInnerHTML`. That is only safe while our own code never reaches that sink.
  test('no extension or engine code sets HTML from strings', () => {
    const offenders = [...sources('extension'), ...sources('src')].filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
