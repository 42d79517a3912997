import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The command line as one plain ES module for Node (`bin/cors-lens.mjs` imports it): the pure
// engine, fixes, HAR reader and report, no browser polyfills, no preact, not minified so stack
// traces stay readable. `npm install` / `npm ci` build it through the `prepare` script.
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: process.env.CLI_OUT_DIR ?? 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/cli/index.ts'),
      formats: ['es'],
      fileName: () => 'cors-lens.mjs',
    },
  },
});
