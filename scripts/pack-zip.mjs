// A tiny, reproducible zip writer (and a reader for checking what it wrote), on node:zlib alone.
// Same entries in, same bytes out: entries sorted by path, one fixed timestamp, one fixed file mode,
// deflate at a fixed level, no extra fields, no data descriptors, no directory entries. What a
// general zip library adds (timestamps from disk, uid/gid extras, streaming descriptors) is exactly
// what would make two packs of one build differ.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** 1980-01-01 00:00:00, the earliest DOS date: the fixed mtime of every entry. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** "Made by" Unix (3), zip spec 2.0: lets the external attributes carry a Unix mode. */
const MADE_BY = (3 << 8) | 20;
const NEEDED = 20;
/** Regular file, rw-r--r--, in the high 16 bits as Unix zip tools write it. */
const FILE_MODE = (0o100644 << 16) >>> 0;
const UTF8_FLAG = 0x0800;
const STORE = 0;
const DEFLATE = 8;
const LEVEL = 9;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

/** Forward-slash relative paths only: no absolute paths, `..`, empty segments or backslashes. */
export function checkEntryPath(path) {
  if (typeof path !== 'string' || path === '') throw new Error('zip entry without a path');
  if (path.startsWith('/') || path.includes('\\') || /^[a-zA-Z]:/.test(path)) {
    throw new Error(`zip entry path must be relative with forward slashes: ${path}`);
  }
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`zip entry path has an empty, "." or ".." segment: ${path}`);
  }
}

/** Byte order of the UTF-8 names: the same on every machine and locale. */
export function compareEntryPaths(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The zip archive of `entries` ({ path, data }) as one Buffer. Deterministic: the order entries
 * are given in, and anything about the files on disk, do not matter. Throws on duplicate or unsafe
 * paths and on sizes that would need ZIP64 (a browser extension is far below them).
 */
export function zipBytes(entries) {
  const sorted = [...entries].sort((a, b) => compareEntryPaths(a.path, b.path));
  if (sorted.length > MAX_U16) throw new Error('too many zip entries (ZIP64 not supported)');
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    const { path, data } = sorted[i];
    checkEntryPath(path);
    if (i > 0 && sorted[i - 1].path === path) throw new Error(`duplicate zip entry: ${path}`);
    const raw = Buffer.isBuffer(data) ? data : Buffer.from(data);
    const name = Buffer.from(path, 'utf8');
    const deflated = deflateRawSync(raw, { level: LEVEL });
    // Stored when deflate does not help (PNGs, tiny files): smaller, and still deterministic.
    const method = deflated.length < raw.length ? DEFLATE : STORE;
    const body = method === DEFLATE ? deflated : raw;
    if (raw.length > MAX_U32 || offset > MAX_U32) throw new Error('zip too large (ZIP64)');
    const crc = crc32(raw) >>> 0;
    const flags = /^[\x20-\x7e]*$/.test(path) ? 0 : UTF8_FLAG;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(NEEDED, 4);
    const fields = { flags, method, crc, compressed: body.length, size: raw.length, name };
    writeSharedFields(local, 6, fields);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY, 4);
    central.writeUInt16LE(NEEDED, 6);
    writeSharedFields(central, 8, fields);
    // extra length, comment length, disk number start, internal attributes: all 0
    central.writeUInt32LE(FILE_MODE, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  if (offset > MAX_U32) throw new Error('zip too large (ZIP64)');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Reads a zip written by `zipBytes` (or any plain zip without ZIP64 or encryption) back into
 * { path, data, method, mode } entries, checking every CRC. For tests and the pack self-check.
 */
export function unzipBytes(zip) {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > zip.length)
    throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const csize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const localAt = zip.readUInt32LE(at + 42);
    const path = zip.toString(flags & UTF8_FLAG ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    if (flags & 0x0001) throw new Error(`${path}: encrypted entries are not supported`);
    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${path}: bad local header`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const body = zip.subarray(dataAt, dataAt + csize);
    let data;
    if (method === STORE) data = Buffer.from(body);
    else if (method === DEFLATE) data = inflateRawSync(body);
    else throw new Error(`${path}: unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`${path}: size ${data.length}, expected ${size}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`${path}: CRC mismatch`);
    entries.push({ path, data, method, mode });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The run of fields the local header and the central directory record share, in the same order
 * (APPNOTE 4.3.7 and 4.3.12, from "general purpose bit flag" to "file name length").
 */
function writeSharedFields(buf, at, { flags, method, crc, compressed, size, name }) {
  buf.writeUInt16LE(flags, at);
  buf.writeUInt16LE(method, at + 2);
  buf.writeUInt16LE(DOS_TIME, at + 4);
  buf.writeUInt16LE(DOS_DATE, at + 6);
  buf.writeUInt32LE(crc, at + 8);
  buf.writeUInt32LE(compressed, at + 12);
  buf.writeUInt32LE(size, at + 16);
  buf.writeUInt16LE(name.length, at + 20);
}
