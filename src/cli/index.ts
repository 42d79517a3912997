/** The `cors-lens` command line, without Node: `bin/cors-lens.mjs` supplies files and streams. */
export { runCli, EXIT_OK, EXIT_BLOCKED, EXIT_USAGE, type CliIO } from './run.ts';
export { parseArgs, useColor, type ParsedArgs, type ExplainArgs } from './args.ts';
export {
  analyzeHar,
  defaultEngine,
  type Analysis,
  type AnalyzedExchange,
  type Engine,
} from './analyze.ts';
export { renderText } from './render-text.ts';
export { HELP } from './help.ts';
export { STACK_IDS } from './stacks.ts';
export { runCheck } from './check.ts';
export { parseCheckArgs, type CheckArgs } from './check-args.ts';
export { parseCheckConfig, type ConfiguredCheck, type Expectation } from './check-config.ts';
