/** HAR files and `chrome.devtools.network` entries → exchanges for the CORS engine. Pure. */
export { readHar, readHarObject, harEntriesToExchanges } from './read-har.ts';
export { createHarAssembler, type HarAssembler } from './assembler.ts';
export {
  SKIP_REASONS,
  type EntryOutcome,
  type HarReadOptions,
  type HarReadResult,
  type SkipReason,
} from './types.ts';
