export { diagnose } from './src/cors/index.ts';
export { planFixes } from './src/fixes/index.ts';
export { readHar } from './src/har/index.ts';
export { redact, reportExchange } from './src/report/index.ts';
export { createTextReportStream } from './src/cli/text-stream.ts';
export { paint } from './src/cli/paint.ts';
export { memorySpool } from './src/cli/spool.ts';
export { createExplainer, jsonRow } from './src/cli/explain-exchange.ts';
export { createHarStreamReader } from './src/har/stream-reader.ts';
