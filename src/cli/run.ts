import type { InputError } from '../cors/types.ts';
import { buildReport, redact } from '../report/index.ts';
import { analyzeHar, defaultEngine, type AnalyzedExchange, type Engine } from './analyze.ts';
import { parseArgs, useColor, type ExplainArgs } from './args.ts';
import { HELP } from './help.ts';
import { paint } from './paint.ts';
import { renderText } from './render-text.ts';

/** Everything the CLI needs from the outside world; the Node entry (bin/) provides it. */
export interface CliIO {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
}

export const EXIT_OK = 0;
export const EXIT_BLOCKED = 1;
export const EXIT_USAGE = 2;

/** `cors-lens …` without the Node parts: returns the exit code. Never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  engine: Engine = defaultEngine,
): Promise<number> {
  const args = parseArgs(argv);
  switch (args.kind) {
    case 'help':
      io.stdout(HELP);
      return EXIT_OK;
    case 'version':
      io.stdout(`${io.version}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr(`cors-lens: ${args.message}\nRun "cors-lens --help" for usage.\n`);
      return EXIT_USAGE;
    case 'explain':
      return explain(args, io, engine);
  }
}

async function explain(args: ExplainArgs, io: CliIO, engine: Engine): Promise<number> {
  const fromStdin = args.file === '-';
  if (fromStdin && io.stdinIsTTY) {
    io.stderr(
      'cors-lens: "-" reads a HAR file from standard input, but it is a terminal. Pipe a file in: cors-lens explain - < file.har\n',
    );
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = fromStdin ? await io.readStdin() : await io.readFile(args.file);
  } catch (e) {
    io.stderr(
      `cors-lens: cannot read ${fromStdin ? 'standard input' : args.file}: ${readFailure(e)}\n`,
    );
    return EXIT_USAGE;
  }

  const analysis = analyzeHar(
    text,
    {
      ...(args.stack === undefined ? {} : { stack: args.stack }),
      ...(args.moduleFormat === undefined ? {} : { moduleFormat: args.moduleFormat }),
    },
    engine,
  );
  const inputErrors = analysis.read.errors;
  const errors: InputError[] = [...inputErrors, ...analysis.internalErrors];
  const redaction = { enabled: args.redact };
  const source = fromStdin ? 'standard input' : args.file;

  const unreadable = analysis.read.entries.length === 0 && inputErrors.length > 0;
  if (unreadable && !args.json) {
    const [first] = inputErrors;
    io.stderr(`cors-lens: cannot explain ${source}: ${first?.message ?? 'unreadable input.'}\n`);
    return EXIT_USAGE;
  }
  if (args.json) {
    const report = buildReport(
      analysis.items.map((i) => i.exchange),
      analysis.items.map((i) => i.diagnosis),
      analysis.items.map((i) => i.fixes),
      errors,
    );
    io.stdout(`${JSON.stringify(redact(report, redaction), null, 2)}\n`);
  } else {
    const items: AnalyzedExchange[] = analysis.items.map((item) =>
      item.diagnosis.verdict === 'blocked' ? redact(item, redaction) : item,
    );
    const color = useColor(args.color, io.stdoutIsTTY, io.env);
    io.stdout(
      renderText(
        { items, skipped: analysis.read.skipped, errors: redact(errors, redaction) },
        { paint: paint(color), all: args.all, source },
      ),
    );
  }

  if (inputErrors.length > 0) {
    const usable = analysis.read.exchanges.length;
    io.stderr(
      `cors-lens: ${source} has ${inputErrors.length} problem(s)${
        usable > 0 ? `; reported the ${usable} exchange(s) that could be read` : ''
      }${args.json ? ' (see "errors")' : ' (listed above)'}.\n`,
    );
    return EXIT_USAGE;
  }
  if (args.failOnBlocked && analysis.items.some((i) => i.diagnosis.verdict === 'blocked')) {
    return EXIT_BLOCKED;
  }
  return EXIT_OK;
}

function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EISDIR') return 'it is a directory, not a file.';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied.';
  if (code === 'ERR_STRING_TOO_LONG') return 'the file is too large to read into memory.';
  return e instanceof Error ? e.message : String(e);
}
