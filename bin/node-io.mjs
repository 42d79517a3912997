// Node's side of the streaming CLI: the input as a byte stream, output that waits for a slow pipe,
// and temporary-file spools so the text report's sections never pile up in memory.
import { createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

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

/**
 * Records in a file under a private temporary folder, each as its length in UTF-16 code units, a
 * colon and the text as is: no escaping on the way in and no parsing on the way out (JSON lines
 * cost a third of the text report's time).
 */
export function spool() {
  folder ??= mkdtempSync(join(tmpdir(), 'cors-lens-'));
  const path = join(folder, `spool-${spools++}.txt`);
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
      pending.push(`${record.length}:`, record);
      pendingSize += record.length;
      if (pendingSize >= SPOOL_WRITE) drain();
      written++;
    },
    async *read() {
      drain();
      closeSync(fd);
      fd = -1;
      if (written === 0) return;
      // Chunks may end inside a record or a UTF-8 character: `text` holds what is not read yet;
      // the chunks of a record longer than one wait in `pieces` and are joined once it is whole.
      const decoder = new StringDecoder('utf8');
      let text = '';
      let pieces = [];
      let pending = 0;
      /** Length `text` needs before its first record is complete (0: not known). */
      let need = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
        const piece = decoder.write(chunk);
        pieces.push(piece);
        pending += piece.length;
        if (text.length + pending < need) continue;
        text += pieces.length === 1 ? piece : pieces.join('');
        pieces = [];
        pending = 0;
        need = 0;
        let at = 0;
        for (;;) {
          const colon = text.indexOf(':', at);
          if (colon < 0) break;
          const end = colon + 1 + Number(text.slice(at, colon));
          if (end > text.length) {
            need = end - at;
            break;
          }
          yield text.slice(colon + 1, end);
          at = end;
        }
        text = text.slice(at);
      }
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
  folder = undefined;
}
