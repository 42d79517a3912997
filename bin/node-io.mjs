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

/** Characters gathered before a spool writes to its file. */
const SPOOL_WRITE = 1 << 18;

let folder;
let spools = 0;

/** Records, one JSON string per line, in a file under a private temporary folder. */
export function spool() {
  folder ??= mkdtempSync(join(tmpdir(), 'cors-lens-'));
  const path = join(folder, `spool-${spools++}.jsonl`);
  let fd = openSync(path, 'w', 0o600);
  let written = 0;
  // Records gathered into writes of about 256 KiB: one system call per record is most of the cost.
  let pending = [];
  let pendingSize = 0;
  const drain = () => {
    if (pending.length === 0) return;
    writeSync(fd, pending.join(''));
    pending = [];
    pendingSize = 0;
  };
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      pending.push(line);
      pendingSize += line.length;
      if (pendingSize >= SPOOL_WRITE) drain();
      written++;
    },
    async *read() {
      drain();
      closeSync(fd);
      fd = -1;
      if (written === 0) return;
      const lines = createInterface({
        input: createReadStream(path, { highWaterMark: CHUNK }),
        crlfDelay: Infinity,
      });
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
