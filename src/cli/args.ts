import { MODULE_FORMATS, type ModuleFormat } from '../fixes/context.ts';
import type { StackId } from '../fixes/types.ts';
import { parseStack, STACK_IDS } from './stacks.ts';

export interface ExplainArgs {
  kind: 'explain';
  /** A path, or `-` for standard input. */
  file: string;
  json: boolean;
  failOnBlocked: boolean;
  all: boolean;
  /** `false` with `--no-color`; otherwise decided from the terminal and the environment. */
  color: boolean | undefined;
  stack?: StackId;
  /** `--module esm|cjs`: the module system of the Node snippets (default esm). */
  moduleFormat?: ModuleFormat;
  redact: boolean;
  /** Fixes listed per blocked exchange in JSON (best first); `Infinity` for all. */
  fixes: number;
}

/** `--fixes` default: the detected stack's fix and two more keep a report of thousands small. */
export const DEFAULT_JSON_FIXES = 3;

export type ParsedArgs =
  | ExplainArgs
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string }
  /** `cors-lens check …`: its own options, parsed by check-args.ts. */
  | { kind: 'check'; argv: readonly string[] };

const FLAGS = new Set(['--json', '--fail-on-blocked', '--all', '--no-color', '--no-redact']);

/**
 * `cors-lens explain FILE [options]`, options before or after the file, `--stack NAME` or
 * `--stack=NAME`, `-` for stdin, `--` before a file name that starts with a dash.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv[0] === 'check') return { kind: 'check', argv: argv.slice(1) };
  const positionals: string[] = [];
  const flags = new Set<string>();
  let stack: StackId | undefined;
  let fixes = DEFAULT_JSON_FIXES;
  let moduleFormat: ModuleFormat | undefined;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-v' || arg === '--version') version = true;
    else if (FLAGS.has(arg)) flags.add(arg);
    else if (arg === '--stack' || arg.startsWith('--stack=')) {
      const value = arg === '--stack' ? argv[++i] : arg.slice('--stack='.length);
      if (value === undefined || value === '') {
        return usageError(`--stack needs a value: one of ${STACK_IDS.join(', ')}.`);
      }
      stack = parseStack(value);
      if (stack === undefined) {
        return usageError(
          `unknown stack "${value}" for --stack: use one of ${STACK_IDS.join(', ')}.`,
        );
      }
    } else if (arg === '--fixes' || arg.startsWith('--fixes=')) {
      const value = arg === '--fixes' ? argv[++i] : arg.slice('--fixes='.length);
      const n = value === 'all' ? Infinity : /^\d{1,4}$/.test(value ?? '') ? Number(value) : NaN;
      if (Number.isNaN(n)) {
        return usageError(`--fixes needs a number (0 or more) or "all", got "${value ?? ''}".`);
      }
      fixes = n;
    } else if (arg === '--module' || arg.startsWith('--module=')) {
      const value = arg === '--module' ? argv[++i] : arg.slice('--module='.length);
      if (!MODULE_FORMATS.includes(value as ModuleFormat)) {
        return usageError(`--module needs one of ${MODULE_FORMATS.join(', ')}.`);
      }
      moduleFormat = value as ModuleFormat;
    } else {
      return usageError(`unknown option ${arg}.`);
    }
  }
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined)
    return usageError('missing command: try "cors-lens explain FILE.har".');
  if (command !== 'explain') {
    const hint = /\.(har|json)$/i.test(command)
      ? ` Did you mean "cors-lens explain ${command}"?`
      : '';
    return usageError(`unknown command "${command}".${hint}`);
  }
  if (files.length === 0)
    return usageError('explain needs a HAR file (or "-" for standard input).');
  if (files.length > 1)
    return usageError(`explain takes one file, got ${files.length}: ${files.join(' ')}.`);
  const parsed: ExplainArgs = {
    kind: 'explain',
    file: files[0]!,
    json: flags.has('--json'),
    failOnBlocked: flags.has('--fail-on-blocked'),
    all: flags.has('--all'),
    color: flags.has('--no-color') ? false : undefined,
    redact: !flags.has('--no-redact'),
    fixes,
  };
  if (stack !== undefined) parsed.stack = stack;
  if (moduleFormat !== undefined) parsed.moduleFormat = moduleFormat;
  return parsed;
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

/** Colour only for a terminal, never with NO_COLOR (https://no-color.org), forced by FORCE_COLOR. */
export function useColor(
  requested: boolean | undefined,
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (requested === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0')
    return true;
  return isTTY && env.TERM !== 'dumb';
}
