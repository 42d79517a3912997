import type { InputError } from '../cors/types.ts';
import type { FixOptions } from '../fixes/index.ts';
import { createErrorSink } from '../har/error-sink.ts';
import { createHarStreamReader } from '../har/stream-reader.ts';
import { redact } from '../report/index.ts';
import type { Engine } from './analyze.ts';
import type { ExplainArgs } from './args.ts';
import { memoizeExplainer } from './exchange-memo.ts';
import { createExplainer, messageOf } from './explain-exchange.ts';
import { indentJson } from './fix-json.ts';
import { paint } from './paint.ts';
import { createOutputBuffer } from './output-buffer.ts';
import { memorySpool, type Spool } from './spool.ts';
import { createTextReportStream } from './text-stream.ts';

/** Web-standard global (browsers and Node); `src/` compiles without DOM types. */
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

export interface StreamIO {
  /** The input's bytes; an error while iterating is a read failure. */
  chunks: AsyncIterable<Uint8Array>;
  stdout(text: string): void;
  /** Standard output for bytes, when it takes them (Node): output is gathered and written as such. */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Resolves once written output no longer waits in memory (a slow pipe). */
  flush?(): Promise<void> | void;
  spool?(): Spool;
}

export interface StreamResult {
  /** The input could not be opened or read at all: nothing was printed. */
  readFailure?: unknown;
  unreadable: boolean;
  /** The first problem, for the one-line message when nothing could be read. */
  firstError?: InputError;
  inputErrors: number;
  exchanges: number;
  blocked: number;
}

/**
 * `cors-lens explain`, streaming: the HAR is read chunk by chunk, each exchange is diagnosed and
 * written (JSON) or spooled (text) as soon as it is final, so memory stays bounded by the largest
 * entry and the pairing window, not by the file.
 */
export async function explainStream(
  args: ExplainArgs,
  io: StreamIO,
  engine: Engine,
  text: {
    color: boolean;
    source: string;
    /** `false`: every exchange explained anew (tests compare this with the memoized run). */
    memo?: boolean;
  },
): Promise<StreamResult> {
  const internal = createErrorSink();
  const fixOptions: FixOptions = {
    ...(args.stack === undefined ? {} : { preferStack: args.stack }),
    ...(args.moduleFormat === undefined ? {} : { moduleFormat: args.moduleFormat }),
  };
  const redaction = { enabled: args.redact };
  const out = createOutputBuffer(io.stdout, io.stdoutBytes);
  let exchanges = 0;
  let blocked = 0;
  let wroteJsonHead = false;
  const report = args.json
    ? undefined
    : createTextReportStream(
        { paint: paint(text.color), all: args.all, source: text.source },
        io.spool ?? memorySpool,
      );
  const explainer = createExplainer({
    engine,
    fixOptions,
    redaction,
    json: args.json ? { maxFixes: args.fixes } : undefined,
    report,
  });
  const explain =
    text.memo === false
      ? explainer
      : memoizeExplainer(explainer, {
          encode: report === undefined ? out.takesBytes : out.takesBytes && report.takesBytes,
        });

  const reader = createHarStreamReader({
    onExchange(exchange) {
      const explained = explain(exchange);
      if (explained.failure !== undefined) {
        internal.add(`exchange ${exchange.id ?? exchanges}`, explained.failure);
      }
      if (explained.skip) return;
      if (explained.blocked) blocked++;
      exchanges++;
      const parts = explained.rowParts;
      if (parts !== undefined) {
        // The first part is the `,` between rows.
        if (!wroteJsonHead) out.write(JSON_HEAD);
        for (let i = wroteJsonHead ? 0 : 1; i < parts.length; i++) out.bytes(parts[i]!);
        wroteJsonHead = true;
      } else {
        report!.addRendered(explained.item!);
      }
    },
  });

  const readErrors: InputError[] = [];
  let started = false;
  try {
    for await (const chunk of io.chunks) {
      started = true;
      reader.write(chunk);
      out.flush();
      await io.flush?.();
    }
  } catch (e) {
    if (!started && !wroteJsonHead) {
      return { readFailure: e, unreadable: true, inputErrors: 0, exchanges: 0, blocked: 0 };
    }
    readErrors.push({ path: '', message: `reading stopped: ${messageOf(e)}` });
  }
  const summary = reader.end();
  const inputErrors = [...readErrors, ...summary.errors];
  const result: StreamResult = {
    unreadable:
      summary.unreadable ||
      (exchanges === 0 && summary.entriesRead === 0 && inputErrors.length > 0),
    inputErrors: readErrors.length + summary.errorCount,
    exchanges,
    blocked,
  };
  if (inputErrors[0] !== undefined) result.firstError = inputErrors[0];
  const internalErrors = internal.list();
  const errors = [...inputErrors, ...internalErrors];
  // Listed: the first 500 of the entries' own problems; counted: all of them.
  const errorCount = result.inputErrors + internalErrors.length;

  if (args.json) {
    if (!wroteJsonHead) out.write(JSON_HEAD);
    out.write(exchanges > 0 ? '\n  ],\n' : '],\n');
    const list = indentJson(JSON.stringify(redact(errors, redaction), null, 2), '  ').trimStart();
    out.write(`  "errors": ${list}\n}\n`);
    out.flush();
  } else if (!result.unreadable) {
    await report!.finish(
      { skipped: summary.skipped, errors: redact(errors, redaction), errorCount },
      async (t) => {
        if (out.write(t)) await io.flush?.();
      },
      out.takesBytes
        ? async (b) => {
            if (out.bytes(b)) await io.flush?.();
          }
        : undefined,
    );
    out.flush();
    await io.flush?.();
  }
  return result;
}

const JSON_HEAD = '{\n  "exchanges": [';

/** A text already in memory, as one chunk (tests, and callers without a byte stream). */
export async function* textChunks(read: () => Promise<string>): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(await read());
}
