import type { CliIO } from '../../../src/cli/index.ts';

/** An in-memory terminal for runCli: files by name, captured output. */
export function fakeIO(
  files: Record<string, string> = {},
  over: Partial<CliIO> & { stdinText?: string } = {},
): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    readFile: async (path) => {
      if (path in files) return files[path]!;
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
    readStdin: async () => over.stdinText ?? '',
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    version: '9.9.9',
    ...over,
    out: () => out,
    err: () => err,
  };
}
