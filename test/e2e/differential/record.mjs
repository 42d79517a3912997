// Re-record the differential fixture from real Chromium:
//   npm run build:test && node test/e2e/differential/record.mjs
// Compare the stored recording again (no browser): node test/e2e/differential/record.mjs --replay
// (CORS_LENS_E2E_EXTENSION=<dir> loads another build of the extension.)
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./record.ts', import.meta.url);
await main(process.argv.slice(2));
