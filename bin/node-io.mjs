// Node's side of the streaming CLI: the input as a byte stream, output that waits for a slow pipe,
// and temporary-file spools so the text report's sections never pile up in memory.
import { createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Chunks of 1 MiB: few enough calls, small enough to stay out of the way of the heap. */
const CHUNK = 1 << 20;

export function openInput(file) {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: CHUNK });
}

export function flush() {
  if (process.stdout.writableNeedDrain) return once(process.stdout, 'drain').then(() => {});
  return undefined;
}

let folder;
let spools = 0;

/** Records, one JSON string per line, in a file under a private temporary folder. */
export function spool() {
  folder ??= mkdtempSync(join(tmpdir(), 'cors-lens-'));
  const path = join(folder, `spool-${spools++}.jsonl`);
  let fd = openSync(path, 'w', 0o600);
  let written = 0;
  return {
    write(record) {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      written++;
    },
    async *read() {
      closeSync(fd);
      fd = -1;
      if (written === 0) return;
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      for await (const line of lines) yield JSON.parse(line);
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      rmSync(path, { force: true });
    },
  };
}

/** Removes the spools' folder (also after an error). */
export function cleanUp() {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
}
