#!/usr/bin/env node
// The `cors-lens` command: Node's files, streams and exit code around the pure CLI in src/cli/,
// which `npm install` builds into dist-cli/ (the `prepare` script).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cleanUp, flush, openInput, spool } from './node-io.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

let cli;
try {
  cli = await import('../dist-cli/cors-lens.mjs');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(
    'cors-lens: the command line is not built yet (dist-cli/cors-lens.mjs is missing).\n' +
      `Build it with: npm run build:cli   (in ${root})\n`,
  );
  process.exit(2);
}

// The HTTP client for `cors-lens check` (loaded after the check above, which needs only this file).
const { createHttpClient } = await import('./http-client.mjs');

const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// `cors-lens explain x.har | head` closes the pipe early: stop quietly, like other Unix tools.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

process.on('exit', cleanUp);
const code = await cli.runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin,
  openInput,
  flush,
  spool,
  stdout: (text) => process.stdout.write(text),
  stdoutBytes: (bytes) => process.stdout.write(bytes),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  env: process.env,
  version,
  createHttpClient,
});
// Let pending writes to a pipe finish instead of calling process.exit().
process.exitCode = code;
