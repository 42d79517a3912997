import type { HttpClient } from '../probe/index.ts';
import { defaultEngine, type Engine } from './analyze.ts';
import { parseArgs, useColor, type ExplainArgs } from './args.ts';
import { runCheck } from './check.ts';
import { explainStream, textChunks, type StreamIO } from './explain-stream.ts';
import { HELP } from './help.ts';
import type { Spool } from './spool.ts';

/** Everything the CLI needs from the outside world; the Node entry (bin/) provides it. */
export interface CliIO {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  /**
   * The input as a byte stream (`-` for standard input): read this way, memory stays bounded
   * whatever the file's size. Without it, `readFile` / `readStdin` give the whole text.
   */
  openInput?(file: string): AsyncIterable<Uint8Array>;
  /** Resolves once written output no longer waits in memory. */
  flush?(): Promise<void> | void;
  /** Somewhere to park report sections until the end (a temporary file); memory without it. */
  spool?(): Spool;
  stdout(text: string): void;
  /** Standard output for bytes (UTF-8), when it takes them: `explain` then writes bytes. */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  /** The HTTP client for `check` (bin/http-client.mjs); without it `check` reports it cannot run. */
  createHttpClient?: (options: { timeoutMs: number }) => HttpClient;
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
    case 'check':
      return runCheck(args.argv, io, engine);
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
  const source = fromStdin ? 'standard input' : args.file;
  const chunks =
    io.openInput?.(args.file) ??
    textChunks(() => (fromStdin ? io.readStdin() : io.readFile(args.file)));
  const streamIO: StreamIO = { chunks, stdout: io.stdout };
  if (io.flush) streamIO.flush = io.flush;
  if (io.stdoutBytes) streamIO.stdoutBytes = io.stdoutBytes;
  if (io.spool) streamIO.spool = io.spool;
  const color = useColor(args.color, io.stdoutIsTTY, io.env);
  const result = await explainStream(args, streamIO, engine, { color, source });

  if (result.readFailure !== undefined) {
    io.stderr(`cors-lens: cannot read ${source}: ${readFailure(result.readFailure)}\n`);
    return EXIT_USAGE;
  }
  if (result.unreadable && !args.json) {
    io.stderr(
      `cors-lens: cannot explain ${source}: ${result.firstError?.message ?? 'unreadable input.'}\n`,
    );
    return EXIT_USAGE;
  }
  if (result.inputErrors > 0) {
    const usable = result.exchanges;
    io.stderr(
      `cors-lens: ${source} has ${result.inputErrors} problem(s)${
        usable > 0 ? `; reported the ${usable} exchange(s) that could be read` : ''
      }${args.json ? ' (see "errors")' : ' (listed above)'}.\n`,
    );
    return EXIT_USAGE;
  }
  if (args.failOnBlocked && result.blocked > 0) return EXIT_BLOCKED;
  return EXIT_OK;
}

function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EISDIR') return 'it is a directory, not a file.';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied.';
  if (code === 'ERR_STRING_TOO_LONG') return 'the file is too large to read into memory.';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder.';
  return e instanceof Error ? e.message : String(e);
}
