// What the per-stage HAR benchmark (har-stages.mjs) measures, bundled the way the CLI is.
export { diagnose } from '../../../src/cors/index.ts';
export { planFixes } from '../../../src/fixes/index.ts';
export { readHar } from '../../../src/har/index.ts';
export { createHarStreamReader } from '../../../src/har/stream-reader.ts';
export { reportExchange } from '../../../src/report/index.ts';
export { createFixJson } from '../../../src/cli/fix-json.ts';
export { printedPart } from '../../../src/cli/printed-part.ts';
export { blockedBlock } from '../../../src/cli/render-text.ts';
export { paint } from '../../../src/cli/paint.ts';
