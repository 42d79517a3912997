/**
 * Where the streaming text report parks a section until its heading's count is known. The Node
 * entry gives a temporary file (memory stays bounded); tests and small inputs use memory.
 */
export interface Spool {
  /** One record (any text, line breaks included). */
  write(record: string): void;
  /** `write` of a record already encoded as UTF-8 (when the spool keeps bytes). */
  writeBytes?(record: Uint8Array): void;
  /** The records in the order written. */
  read(): AsyncIterable<string> | Iterable<string>;
  /**
   * The records as UTF-8, in the order written, when the spool keeps bytes (a file): the report
   * copies them to a byte output as they are, never decoding them to text and encoding them again.
   */
  readBytes?(): AsyncIterable<Uint8Array>;
  /** Frees what the spool holds. */
  close?(): void | Promise<void>;
}

export function memorySpool(): Spool {
  const records: string[] = [];
  return {
    write: (record) => void records.push(record),
    read: () => records,
  };
}
