// Node's side of the streaming CLI: the input as a byte stream, output that waits for a slow pipe,
// and temporary-file spools so the text report's sections never pile up in memory.
import { createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chunks of 1 MiB: few enough calls, small enough to stay out of the way of the heap. */
const CHUNK = 1 << 20;

export function openInput(file) {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: CHUNK });
}

export function flush() {
  if (process.stdout.writableNeedDrain) return once(process.stdout, 'drain').then(() => {});
  return undefined;
}

/** Bytes gathered before a spool writes to its file. */
const SPOOL_WRITE = 1 << 18;

let folder;
let spools = 0;

/**
 * Records in a file under a private temporary folder, each as its length in UTF-8 bytes, a colon
 * and the text as is: no escaping on the way in and no parsing on the way out (JSON lines cost a
 * third of the text report's time). `readBytes` gives the records back as bytes, for an output
 * that takes bytes (nothing decoded to be encoded again); `read` as text.
 */
export function spool() {
  folder ??= mkdtempSync(join(tmpdir(), 'cors-lens-'));
  const path = join(folder, `spool-${spools++}.txt`);
  let fd = openSync(path, 'w', 0o600);
  let written = 0;
  // Records gathered into writes of about 256 KiB: one system call per record is most of the cost.
  let staged = Buffer.allocUnsafe(SPOOL_WRITE);
  let used = 0;
  const drain = () => {
    if (used > 0) writeSync(fd, staged, 0, used);
    used = 0;
    // A record larger than the usual buffer got one of its own: not kept once written.
    if (staged.length > SPOOL_WRITE) staged = Buffer.allocUnsafe(SPOOL_WRITE);
  };
  /** Room for `bytes` more in the staging buffer (a larger one for a record larger than it). */
  const room = (bytes) => {
    if (used + bytes <= staged.length) return;
    drain();
    if (bytes > staged.length) staged = Buffer.allocUnsafe(bytes);
  };
  const header = (length) => {
    const text = `${length}:`;
    room(text.length + length);
    used += staged.latin1Write(text, used);
  };
  async function* readBytes() {
    drain();
    closeSync(fd);
    fd = -1;
    if (written === 0) return;
    // Chunks may end inside a record: `rest` holds what is not read yet; the chunks of a record
    // longer than one wait in `pieces` and are joined once it is whole.
    let rest = Buffer.alloc(0);
    let pieces = [];
    let pending = 0;
    /** Length `rest` needs before its first record is complete (0: not known). */
    let need = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
      pieces.push(chunk);
      pending += chunk.length;
      if (rest.length + pending < need) continue;
      rest = rest.length === 0 && pieces.length === 1 ? chunk : Buffer.concat([rest, ...pieces]);
      pieces = [];
      pending = 0;
      need = 0;
      let at = 0;
      for (;;) {
        const colon = rest.indexOf(COLON, at);
        if (colon < 0) break;
        const end = colon + 1 + Number(rest.latin1Slice(at, colon));
        if (end > rest.length) {
          need = end - at;
          break;
        }
        yield rest.subarray(colon + 1, end);
        at = end;
      }
      rest = rest.subarray(at);
    }
  }
  return {
    write(record) {
      const length = Buffer.byteLength(record);
      header(length);
      used += staged.utf8Write(record, used);
      written++;
    },
    writeBytes(record) {
      header(record.length);
      staged.set(record, used);
      used += record.length;
      written++;
    },
    readBytes,
    async *read() {
      for await (const record of readBytes()) yield record.toString('utf8');
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      rmSync(path, { force: true });
    },
  };
}

const COLON = 58;

/** Removes the spools' folder (also after an error). */
export function cleanUp() {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}
