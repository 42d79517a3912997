#!/usr/bin/env node
// Writes test/setup/durations.json, the per-file durations the test sequencer
// (test/setup/longest-first.ts) starts the longest files with when vitest has no cache of its own
// (a clean clone, CI). Run it after a full `npm test`; it reads vitest's cache of that run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Vitest keeps its cache in <cacheDir>/vitest/<hash>/results.json; the end-to-end config has a
// cacheDir of its own under this one.
const CACHE = join(ROOT, 'node_modules/.vite');
const OUT = join(ROOT, 'test/setup/durations.json');

if (!existsSync(CACHE)) {
  console.error(`No vitest cache at ${CACHE}: run npm test first.`);
  process.exit(1);
}
/** @type {Record<string, number>} */
const durations = {};
const resultFiles = readdirSync(CACHE, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('results.json'))
  .map((path) => join(CACHE, path));
for (const file of resultFiles) {
  /** @type {{ results: [string, { duration?: number, failed?: boolean }][] }} */
  const { results } = JSON.parse(readFileSync(file, 'utf8'));
  for (const [key, result] of results) {
    const path = key.slice(key.indexOf(':') + 1);
    if (result.duration !== undefined && existsSync(join(ROOT, path))) {
      durations[key] = Math.round(result.duration);
    }
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(OUT, JSON.stringify(sorted, null, 2) + '\n');
console.log(`${Object.keys(sorted).length} files' durations written to test/setup/durations.json`);
