/**
 * `cors-lens check` arguments: one check from flags, or many from `--config FILE`. Parsed apart from
 * `explain` (args.ts only routes `check` here), so the two commands evolve independently.
 */
import type { Header } from '../cors/types.ts';
import type { StackId } from '../fixes/types.ts';
import type { ProbeSpec } from '../probe/index.ts';
import { parseStack, STACK_IDS } from './stacks.ts';

export interface CheckArgs {
  kind: 'check';
  /** One check from the command line… */
  spec?: ProbeSpec;
  /** …or a JSON file of checks with expectations (`-` for standard input). */
  config?: string;
  json: boolean;
  failOnBlocked: boolean;
  color: boolean | undefined;
  stack?: StackId;
  redact: boolean;
  /** Per request, for the HTTP client. */
  timeoutMs: number;
}

export type CheckParse = CheckArgs | { kind: 'help' } | { kind: 'usage-error'; message: string };

export const DEFAULT_CHECK_TIMEOUT_S = 10;

const BOOLEAN_FLAGS = new Set([
  '--json',
  '--fail-on-blocked',
  '--no-color',
  '--no-redact',
  '--credentials',
  '--preflight-only',
  '--force-preflight',
]);
const VALUE_OPTIONS = new Set([
  '--origin',
  '--method',
  '-X',
  '--header',
  '-H',
  '--data',
  '-d',
  '--stack',
  '--config',
  '--timeout',
  '--mode',
]);

/** `argv` after the word `check`. */
export function parseCheckArgs(argv: readonly string[]): CheckParse {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const headers: Header[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (BOOLEAN_FLAGS.has(arg)) {
      flags.add(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(name)) return usage(`unknown option ${arg} for check.`);
    const value = name === arg ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return usage(`${name} needs a value.`);
    const key = canonical(name);
    if (key === '--header') {
      const header = parseHeader(value);
      if (typeof header === 'string') return usage(header);
      headers.push(header);
    } else if (values.has(key)) return usage(`${key} was given twice.`);
    else values.set(key, value);
  }

  const stackName = values.get('--stack');
  const stack = stackName === undefined ? undefined : parseStack(stackName);
  if (stackName !== undefined && stack === undefined)
    return usage(`unknown stack "${stackName}" for --stack: use one of ${STACK_IDS.join(', ')}.`);
  const timeout = values.get('--timeout') ?? String(DEFAULT_CHECK_TIMEOUT_S);
  const seconds = Number(timeout);
  if (!/^\d+(\.\d+)?$/.test(timeout) || !(seconds > 0) || seconds > 600)
    return usage(`--timeout takes seconds between 0 and 600, not "${timeout}".`);
  const args: CheckArgs = {
    kind: 'check',
    json: flags.has('--json'),
    failOnBlocked: flags.has('--fail-on-blocked'),
    color: flags.has('--no-color') ? false : undefined,
    redact: !flags.has('--no-redact'),
    timeoutMs: Math.round(seconds * 1000),
  };
  if (stack !== undefined) args.stack = stack;

  const config = values.get('--config');
  if (config !== undefined) {
    const single = [...values.keys()].filter((k) => SINGLE_ONLY.has(k));
    const singleFlags = [...flags].filter((f) => SINGLE_ONLY.has(f));
    if (positionals.length > 0 || headers.length > 0 || single.length + singleFlags.length > 0)
      return usage(
        '--config takes the URLs, origins and request options from the file; leave them off the command line.',
      );
    args.config = config;
    return args;
  }

  if (positionals.length === 0)
    return usage('check needs a URL: cors-lens check URL --origin ORIGIN (or --config FILE).');
  if (positionals.length > 1)
    return usage(`check takes one URL, got ${positionals.length}: ${positionals.join(' ')}.`);
  const origin = values.get('--origin');
  if (origin === undefined)
    return usage('check needs --origin: the origin of the page that calls the URL.');
  const mode = values.get('--mode') ?? 'cors';
  if (mode !== 'cors' && mode !== 'no-cors')
    return usage(`--mode is cors or no-cors, not "${mode}".`);
  const spec: ProbeSpec = {
    url: positionals[0]!,
    origin: origin.replace(/\/$/, ''),
    method: values.get('--method') ?? (values.has('--data') ? 'POST' : 'GET'),
    headers,
    credentials: flags.has('--credentials') ? 'include' : 'same-origin',
  };
  const data = values.get('--data');
  if (data !== undefined) spec.body = data;
  if (mode === 'no-cors') spec.mode = 'no-cors';
  if (flags.has('--preflight-only')) spec.preflightOnly = true;
  if (flags.has('--force-preflight')) spec.forcePreflight = true;
  args.spec = spec;
  return args;
}

/** Options that describe one request: they belong in the config file in `--config` mode. */
const SINGLE_ONLY = new Set([
  '--origin',
  '--method',
  '--data',
  '--mode',
  '--credentials',
  '--preflight-only',
  '--force-preflight',
]);

function canonical(name: string): string {
  if (name === '-X') return '--method';
  if (name === '-H') return '--header';
  if (name === '-d') return '--data';
  return name;
}

/** `Name: value` as curl writes it; the value may be empty, the name may not. */
export function parseHeader(text: string): Header | string {
  const colon = text.indexOf(':');
  if (colon <= 0) return `a header is written "Name: value", not "${text}".`;
  return { name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}

function usage(message: string): CheckParse {
  return { kind: 'usage-error', message };
}
