/** Web-standard globals (browsers and Node); `src/` compiles without DOM types. */
declare const TextEncoder: new () => {
  encode(text: string): Uint8Array;
  encodeInto(text: string, into: Uint8Array): { read: number; written: number };
};

/**
 * Output gathered into writes of about 64 KiB: one write per exchange costs a system call each
 * when standard output is a file. Given a byte sink, it gathers bytes: text is encoded straight
 * into the buffer, and text encoded once beforehand (`bytes`, an answer the explain memo reuses
 * thousands of times) is only copied, never encoded again.
 */
export interface OutputBuffer {
  /** True when this write sent the gathered output on. */
  write(text: string): boolean;
  /** `write` of text already encoded as UTF-8. */
  bytes(encoded: Uint8Array): boolean;
  flush(): void;
  /** Whether `bytes` is worth using: the sink takes bytes (else they are decoded again). */
  readonly takesBytes: boolean;
}

const SIZE = 65536;

export function createOutputBuffer(
  writeText: (text: string) => void,
  writeBytes?: (bytes: Uint8Array) => void,
): OutputBuffer {
  return writeBytes === undefined ? textBuffer(writeText) : byteBuffer(writeBytes);
}

/** UTF-8 of a text, for `OutputBuffer.bytes`. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const encoder = new TextEncoder();

function textBuffer(write: (text: string) => void): OutputBuffer {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    parts = [];
    size = 0;
    write(text);
  };
  const add = (text: string): boolean => {
    parts.push(text);
    size += text.length;
    if (size < SIZE) return false;
    flush();
    return true;
  };
  return {
    write: add,
    bytes: (encoded) => add(decoder.decode(encoded)),
    flush,
    takesBytes: false,
  };
}

declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };
const decoder = new TextDecoder();

function byteBuffer(write: (bytes: Uint8Array) => void): OutputBuffer {
  // A new buffer after every write: the sink may hold on to the one it was given (a slow pipe).
  let buffer = new Uint8Array(SIZE);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    write(buffer.subarray(0, used));
    buffer = new Uint8Array(SIZE);
    used = 0;
  };
  /** Sends the buffer on once it is full enough. */
  const settle = (): boolean => {
    if (used < SIZE / 2) return false;
    flush();
    return true;
  };
  const bytes = (encoded: Uint8Array): boolean => {
    if (encoded.length > SIZE - used) {
      flush();
      if (encoded.length > SIZE / 2) {
        write(encoded);
        return true;
      }
    }
    buffer.set(encoded, used);
    used += encoded.length;
    return settle();
  };
  return {
    write(text) {
      // At most 3 bytes per UTF-16 code unit: encode in place when it surely fits, after sending
      // the gathered output on if that makes room; only a text larger than a buffer is encoded
      // on its own.
      let sent = false;
      if (text.length * 3 > SIZE - used) {
        if (text.length * 3 > SIZE) return bytes(encoder.encode(text));
        flush();
        sent = true;
      }
      used += encoder.encodeInto(text, buffer.subarray(used)).written;
      return settle() || sent;
    },
    bytes,
    flush,
    takesBytes: true,
  };
}
