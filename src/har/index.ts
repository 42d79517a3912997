/** HAR files and `chrome.devtools.network` entries → exchanges for the CORS engine. Pure. */
export { readHar, readHarObject, harEntriesToExchanges } from './read-har.ts';
export { withinJsonBudget, type JsonBudget } from './json-budget.ts';
export { MAX_ELEMENT_DEPTH } from './entry-scanner.ts';
export {
  createHarAssembler,
  DEFAULT_RETENTION,
  type AssemblerStats,
  type HarAssembler,
  type HarAssemblerOptions,
  type HarRetention,
} from './assembler.ts';
// The HAR reader's data model (skip reasons, results, options), whole.
export * from './types.ts';
export {
  createHarStreamReader,
  STREAM_RETENTION,
  type HarStreamOptions,
  type HarStreamReader,
  type HarStreamSummary,
} from './stream-reader.ts';
