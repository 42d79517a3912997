import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import baseManifest from './manifest.json' with { type: 'json' };
import { manifestFor, type BuildTarget } from './scripts/manifest-for.ts';
import { targetDefines } from './scripts/target-defines.ts';

// One source tree, several builds: `TARGET=firefox` for Firefox, `CORS_LENS_TEST_BUILD=1` for the
// end-to-end tests (pinned extension id, host access granted up front because a headless browser
// cannot answer a permission prompt).
const target: BuildTarget = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';
const testBuild = process.env.CORS_LENS_TEST_BUILD === '1';
// `CORS_LENS_DEBUGGER=1`: the second Chrome package, "CORS Lens (with preflight answers)".
const withDebugger = process.env.CORS_LENS_DEBUGGER === '1';
const outDir =
  process.env.OUT_DIR ??
  (target === 'firefox'
    ? 'dist-firefox'
    : testBuild
      ? 'dist-test'
      : withDebugger
        ? 'dist-preflight'
        : 'dist');

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: manifestFor(baseManifest, {
        target,
        testBuild,
        withDebugger,
      }) as unknown as ManifestV3Export,
      browser: target,
    }),
  ],
  define: targetDefines(target, testBuild),
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // crxjs follows only HTML the manifest names; the panel is created from JS, so list it here.
      input: { panel: resolve(import.meta.dirname, 'extension/devtools/panel.html') },
      // preact in a chunk of its own: `lint:firefox` can then set aside its one known finding (the
      // innerHTML sink behind `dangerouslySetInnerHTML`, which CORS Lens never uses) without
      // hiding anything in our own code. See docs/firefox.md.
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor-preact', test: /node_modules[\\/]preact[\\/]/ }],
        },
      },
    },
  },
});
