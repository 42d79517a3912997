// Benchmarks measure the code as it ships: bundled by vite like the CLI (vite.cli.config.ts), not
// transpiled on the fly (tsx wraps every closure in a naming helper, which costs a few percent).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Bundles `entry` (a path from the repository root) and imports the result. */
export async function importBundled(entry) {
  const name = basename(entry, extname(entry));
  // One folder per process, removed once imported: parallel runs (a test, a bench) never collide.
  const outDir = join(root, '.tmp/bench-build', `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      copyPublicDir: false,
      lib: { entry: resolve(root, entry), formats: ['es'], fileName: () => `${name}.mjs` },
    },
  });
  try {
    return await import(pathToFileURL(join(outDir, `${name}.mjs`)).href);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * A fresh build of the extension in a new temporary folder, so the numbers are about the code as it
 * is now. `testBuild`: with the test hooks and permissions (`CORS_LENS_TEST_BUILD=1`).
 */
export function buildExtension({ name, testBuild = false }) {
  const out = mkdtempSync(join(tmpdir(), `cors-lens-bench-${name}-`));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
    {
      cwd: root,
      env: { ...process.env, OUT_DIR: out, ...(testBuild ? { CORS_LENS_TEST_BUILD: '1' } : {}) },
      stdio: 'inherit',
    },
  );
  if (!existsSync(join(out, 'manifest.json'))) throw new Error('vite build produced no extension');
  return out;
}
