/** HAR files and `chrome.devtools.network` entries → exchanges for the CORS engine. Pure. */
export { readHar, readHarObject, harEntriesToExchanges } from './read-har.ts';
export {
  createHarAssembler,
  DEFAULT_RETENTION,
  type AssemblerStats,
  type HarAssembler,
  type HarAssemblerOptions,
  type HarRetention,
} from './assembler.ts';
export {
  SKIP_REASONS,
  type EntryOutcome,
  type HarReadOptions,
  type HarReadResult,
  type SkipReason,
} from './types.ts';
export {
  createHarStreamReader,
  STREAM_RETENTION,
  type HarStreamOptions,
  type HarStreamReader,
  type HarStreamSummary,
} from './stream-reader.ts';
