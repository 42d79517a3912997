// What the HAR benchmark measures, bundled the way the CLI is (scripts/bench/lib/bundle.mjs).
export { diagnose } from '../../../src/cors/index.ts';
export { generateFixes } from '../../../src/fixes/index.ts';
export { readHar, readHarObject } from '../../../src/har/index.ts';
