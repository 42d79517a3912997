#!/usr/bin/env node
// Runs the benchmarks in scripts/bench/: `npm run bench` runs them all, `npm run bench -- NAME…`
// runs some, `--list` lists them, `--key value` / `--key=value` is passed to each (e.g.
// `--exchanges 2000 --rounds 3`). A benchmark is a module `scripts/bench/NAME.{mjs,ts}` whose default
// export is `async (options) => result`; it prints its own ratios and may return `{ ok: false }`
// when it misses its goal, which makes this runner exit with status 1. Helpers live in
// scripts/bench/lib/. TypeScript sources are loaded through tsx, so no build is needed.
import { readdirSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const available = readdirSync(dir, { withFileTypes: true })
  .filter(
    (f) => f.isFile() && ['.mjs', '.ts'].includes(extname(f.name)) && !f.name.endsWith('.d.ts'),
  )
  .map((f) => ({ name: basename(f.name, extname(f.name)), file: f.name }))
  .sort((a, b) => a.name.localeCompare(b.name));

const names = [];
const options = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--list') {
    for (const b of available) {
      const mod = await import(pathToFileURL(`${dir}${b.file}`).href);
      console.log(`${b.name}${mod.description ? `  ${mod.description}` : ''}`);
    }
    process.exit(0);
  } else if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    if (eq > 0) options[arg.slice(2, eq)] = arg.slice(eq + 1);
    else options[arg.slice(2)] = argv[++i];
  } else names.push(arg);
}

const unknown = names.filter((n) => !available.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; available: ${available.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}

let failed = 0;
for (const bench of available.filter((b) => names.length === 0 || names.includes(b.name))) {
  const mod = await import(pathToFileURL(`${dir}${bench.file}`).href);
  if (typeof mod.default !== 'function') {
    console.error(`${bench.name}: no default export function; skipped`);
    failed++;
    continue;
  }
  const result = await mod.default({ ...options });
  if (result && result.ok === false) failed++;
  console.log('');
}
process.exitCode = failed > 0 ? 1 : 0;
