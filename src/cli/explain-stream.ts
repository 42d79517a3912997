import type { Diagnosis, Exchange, InputError } from '../cors/types.ts';
import type { FixOptions, FixPlan } from '../fixes/index.ts';
import type { Fix } from '../fixes/types.ts';
import { createErrorSink } from '../har/error-sink.ts';
import { createHarStreamReader } from '../har/stream-reader.ts';
import { redact, reportExchange } from '../report/index.ts';
import type { Engine } from './analyze.ts';
import type { ExplainArgs } from './args.ts';
import { paint } from './paint.ts';
import { memorySpool, type Spool } from './spool.ts';
import { createTextReportStream } from './text-stream.ts';

/** Web-standard global (browsers and Node); `src/` compiles without DOM types. */
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

export interface StreamIO {
  /** The input's bytes; an error while iterating is a read failure. */
  chunks: AsyncIterable<Uint8Array>;
  stdout(text: string): void;
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
  text: { color: boolean; source: string },
): Promise<StreamResult> {
  const redaction = { enabled: args.redact };
  const internal = createErrorSink();
  const fixOptions: FixOptions = {
    ...(args.stack === undefined ? {} : { preferStack: args.stack }),
    ...(args.moduleFormat === undefined ? {} : { moduleFormat: args.moduleFormat }),
  };
  const maxFixes = args.fixes;
  const plan = fixPlanner(engine, fixOptions);
  const out = createOutputBuffer(io.stdout);
  let exchanges = 0;
  let blocked = 0;
  let wroteJsonHead = false;
  const json = {
    /** Redacted rows not yet written: serialized together, at most `ROW_BATCH` at a time. */
    rows: [] as object[],
    head() {
      if (!wroteJsonHead) out.write('{\n  "exchanges": [');
      wroteJsonHead = true;
    },
    row(exchange: Exchange, diagnosis: Diagnosis, fixes: readonly Fix[], total: number) {
      const row: ReturnType<typeof reportExchange> & { fixesOmitted?: number } = reportExchange(
        exchange,
        diagnosis,
        fixes,
      );
      if (fixes.length < total) row.fixesOmitted = total - fixes.length;
      json.rows.push(redact(row, redaction));
      if (json.rows.length >= ROW_BATCH) json.flushRows();
    },
    /**
     * `{"exchanges": rows}` at 2 spaces puts each row at 4, as in the whole report: the text between
     * its `[` and `]` is the rows' part of the report, without a second pass to indent them.
     */
    flushRows() {
      if (json.rows.length === 0) return;
      const whole = JSON.stringify({ exchanges: json.rows }, null, 2);
      const part = whole.slice(JSON_ROWS_OPEN.length, whole.length - JSON_ROWS_CLOSE.length);
      out.write(json.written ? `,${part}` : part);
      json.written = true;
      json.rows = [];
    },
    written: false,
  };
  const report = args.json
    ? undefined
    : createTextReportStream(
        { paint: paint(text.color), all: args.all, source: text.source },
        io.spool ?? memorySpool,
      );

  const reader = createHarStreamReader({
    onExchange(exchange) {
      const path = `exchange ${exchange.id ?? exchanges}`;
      let diagnosis: Diagnosis;
      try {
        diagnosis = engine.diagnose(exchange);
      } catch (e) {
        internal.add(path, `the engine failed: ${messageOf(e)}`);
        return;
      }
      let fixes: Fix[] = [];
      let total = 0;
      if (diagnosis.verdict === 'blocked') {
        blocked++;
        try {
          // Only the fixes printed are written: all of them would be most of the work.
          const fixPlan = plan(exchange, diagnosis);
          total = fixPlan.stacks.length;
          const shown = Math.min(total, args.json ? maxFixes : 1);
          for (let i = 0; i < shown; i++) fixes.push(fixPlan.render(i));
          // The text shows the best fix in full and only the names of the others.
          if (!args.json) for (let i = shown; i < total; i++) fixes.push(fixPlan.outline(i));
        } catch (e) {
          internal.add(path, `could not generate fixes: ${messageOf(e)}`);
          fixes = [];
          total = 0;
        }
      }
      exchanges++;
      if (args.json) {
        json.head();
        json.row(exchange, diagnosis, fixes, total);
      } else {
        report!.add(
          diagnosis.verdict === 'blocked'
            ? redact(printedPart(exchange, diagnosis, fixes), redaction)
            : { exchange, diagnosis, fixes },
        );
      }
    },
  });

  const readErrors: InputError[] = [];
  let started = false;
  try {
    for await (const chunk of io.chunks) {
      started = true;
      reader.write(chunk);
      json.flushRows();
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
    inputErrors: inputErrors.length,
    exchanges,
    blocked,
  };
  if (inputErrors[0] !== undefined) result.firstError = inputErrors[0];
  const errors = [...inputErrors, ...internal.list()];

  if (args.json) {
    json.head();
    json.flushRows();
    out.write(exchanges > 0 ? '\n  ],\n' : '],\n');
    const list = indent(JSON.stringify(redact(errors, redaction), null, 2), '  ').trimStart();
    out.write(`  "errors": ${list}\n}\n`);
    out.flush();
  } else if (!result.unreadable) {
    await report!.finish(
      { skipped: summary.skipped, errors: redact(errors, redaction) },
      async (t) => {
        if (out.write(t)) await io.flush?.();
      },
    );
    out.flush();
    await io.flush?.();
  }
  return result;
}

/**
 * What the text report prints of a blocked exchange (`blockedBlock`), for redaction: the diagnosis
 * without its long explanation, checks and console message, the best fix without its other module
 * variant. Redacting text that is never printed was a third of the text report's time.
 */
function printedPart(
  exchange: Exchange,
  diagnosis: Diagnosis,
  fixes: readonly Fix[],
): { exchange: Exchange; diagnosis: Diagnosis; fixes: Fix[] } {
  const {
    explanation: _explanation,
    checks: _checks,
    consoleMessage: _console,
    ...shown
  } = diagnosis;
  const [best, ...others] = fixes;
  const { variants: _variants, ...bestShown } = best ?? ({} as Fix);
  return {
    exchange,
    diagnosis: { ...shown, explanation: [], checks: [] },
    fixes: best === undefined ? [] : [bestShown, ...others],
  };
}

/** Rows serialized at once in `--json`: few enough to keep memory flat. */
const ROW_BATCH = 64;
const JSON_ROWS_OPEN = '{\n  "exchanges": [';
const JSON_ROWS_CLOSE = '\n  ]\n}';

/** `engine.planFixes`, or a plan over all of `engine.generateFixes` for an engine without it. */
function fixPlanner(
  engine: Engine,
  opts: FixOptions,
): (exchange: Exchange, diagnosis: Diagnosis) => FixPlan {
  if (engine.planFixes)
    return (exchange, diagnosis) => engine.planFixes!(exchange, diagnosis, opts);
  return (exchange, diagnosis) => {
    const fixes = engine.generateFixes(exchange, diagnosis, opts);
    return {
      stacks: fixes,
      render: (i) => fixes[i]!,
      outline: (i) => ({ ...fixes[i]!, code: '', notes: [] }),
    };
  };
}

/**
 * Output gathered into writes of about 64 KiB: one write per exchange costs a system call each
 * when standard output is a file.
 */
function createOutputBuffer(write: (text: string) => void): {
  /** True when this write sent the gathered output on. */
  write(text: string): boolean;
  flush(): void;
} {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    parts = [];
    size = 0;
    write(text);
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size < 65536) return false;
      flush();
      return true;
    },
    flush,
  };
}

/** The same bytes as `JSON.stringify(whole, null, 2)` would give for a nested value. */
function indent(json: string, by: string): string {
  return by + json.replaceAll('\n', `\n${by}`);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A text already in memory, as one chunk (tests, and callers without a byte stream). */
export async function* textChunks(read: () => Promise<string>): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(await read());
}
