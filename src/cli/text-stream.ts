import type { InputError, Verdict } from '../cors/types.ts';
import type { SkipReason } from '../har/index.ts';
import type { AnalyzedExchange } from './analyze.ts';
import {
  allowedGroupOf,
  blockedBlock,
  blockedNumber,
  countAllowed,
  headline,
  inputProblems,
  networkErrorLine,
  networkErrorsTitle,
  oneLiner,
  perServer,
  skippedSummary,
  type AllowedGroups,
  type TextOptions,
} from './render-text.ts';
import type { Spool } from './spool.ts';

/**
 * `renderText`, one exchange at a time: each section is spooled as its exchanges arrive and written
 * out at the end, once the headline's counts are known. The output is byte for byte what
 * `renderText` gives for the same exchanges.
 */
export interface TextReportStream {
  add(item: AnalyzedExchange): void;
  /**
   * `add` in two steps: what an exchange contributes to the report depends on the exchange alone,
   * so a caller may keep it and add it again for an exchange that reads the same.
   */
  render(item: AnalyzedExchange): RenderedItem;
  addRendered(rendered: RenderedItem): void;
  finish(
    end: {
      skipped: Readonly<Record<SkipReason, number>>;
      errors: readonly InputError[];
      /** All problems, listed or not (default: as many as are listed). */
      errorCount?: number;
    },
    write: (text: string) => void | Promise<void>,
    /** Output that takes bytes: spooled records are copied to it as UTF-8 (`Spool.readBytes`). */
    writeBytes?: (bytes: Uint8Array) => void | Promise<void>,
  ): Promise<void>;
}

/** One exchange's part of the text report, before its place in it (its number) is known. */
export interface RenderedItem {
  verdict: Verdict;
  /** The blocked block (with `NUMBER_SLOT`), the network error line, or `--all`'s line. */
  text: string;
  /** For the per-server summary of allowed exchanges (without `--all`). */
  server?: string;
  method?: string;
}

/** Where a rendered blocked block gets its number. */
const NUMBER_SLOT = '\u0001\u0002';

/** Stands for "n/total " in a spooled blocked block until the total is known. */
// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose
const NUMBER_MARK = /\u0001(\d+)\u0002/;

export function createTextReportStream(opts: TextOptions, newSpool: () => Spool): TextReportStream {
  const p = opts.paint;
  const blocked = newSpool();
  const failed = newSpool();
  const listed = opts.all ? { allowed: newSpool(), notCors: newSpool() } : undefined;
  const groups: AllowedGroups = new Map();
  const count = { total: 0, blocked: 0, failed: 0, allowed: 0, notCors: 0 };

  const render = (item: AnalyzedExchange): RenderedItem => {
    const verdict = item.diagnosis.verdict;
    switch (verdict) {
      case 'blocked':
        return { verdict, text: blockedBlock(item, NUMBER_SLOT, p).join('\n') };
      case 'network-error':
        return { verdict, text: networkErrorLine(item, p) };
      case 'allowed':
        if (listed) return { verdict, text: `  ${oneLiner(item, p)}` };
        return { verdict, text: '', ...allowedGroupOf(item) };
      case 'not-cors':
        return { verdict, text: listed ? `  ${oneLiner(item, p)}` : '' };
    }
  };
  const addRendered = (r: RenderedItem): void => {
    count.total++;
    switch (r.verdict) {
      case 'blocked':
        count.blocked++;
        blocked.write(r.text.replace(NUMBER_SLOT, `\u0001${count.blocked}\u0002`));
        break;
      case 'network-error':
        count.failed++;
        failed.write(r.text);
        break;
      case 'allowed':
        count.allowed++;
        if (listed) listed.allowed.write(r.text);
        else countAllowed(groups, r.server!, r.method!);
        break;
      case 'not-cors':
        count.notCors++;
        listed?.notCors.write(r.text);
        break;
    }
  };

  return {
    render,
    addRendered,
    add: (item) => addRendered(render(item)),
    async finish(end, write, writeBytes) {
      // `lines.join('\n').trimEnd() + '\n'`, written as it goes: blank lines wait for what follows.
      let first = true;
      let blanks = 0;
      const line = async (text: string): Promise<void> => {
        if (text === '') {
          blanks++;
          return;
        }
        await write(first ? text : `${'\n'.repeat(blanks + 1)}${text}`);
        first = false;
        blanks = 0;
      };
      /** `line` of a spooled record in UTF-8, its number (blocked) put in its `NUMBER_MARK`. */
      const text = write;
      const byteLine = async (
        record: Uint8Array,
        bytes: (bytes: Uint8Array) => void | Promise<void>,
        number?: (n: number) => string,
      ): Promise<void> => {
        if (record.length === 0) {
          blanks++;
          return;
        }
        if (!first) await text('\n'.repeat(blanks + 1));
        first = false;
        blanks = 0;
        const mark = number === undefined ? undefined : findNumberMark(record);
        if (mark === undefined) return void (await bytes(record));
        await bytes(record.subarray(0, mark.start));
        await text(number!(mark.n));
        await bytes(record.subarray(mark.end));
      };
      const replay = async (spool: Spool) => {
        if (writeBytes && spool.readBytes) {
          for await (const record of spool.readBytes()) await byteLine(record, writeBytes);
        } else {
          for await (const record of spool.read()) await line(record);
        }
      };

      await line(headline(count.total, count.blocked, count.allowed, count.failed, opts));
      const skippedLine = skippedSummary(end.skipped);
      if (skippedLine) await line(p.dim(skippedLine));
      await line('');
      if (writeBytes && blocked.readBytes) {
        const number = (n: number) => blockedNumber(n, count.blocked, p);
        for await (const record of blocked.readBytes()) {
          await byteLine(record, writeBytes, number);
          await line('');
        }
      } else {
        for await (const record of blocked.read()) {
          const number = (_: string, n: string) => blockedNumber(Number(n), count.blocked, p);
          await line(record.replace(NUMBER_MARK, number));
          await line('');
        }
      }
      if (count.failed > 0) {
        await line(networkErrorsTitle(count.failed, p));
        await replay(failed);
        await line('');
      }
      if (count.allowed > 0) {
        await line(p.green(p.bold(`ALLOWED (${count.allowed})`)));
        if (listed) await replay(listed.allowed);
        else for (const l of perServer(groups, p)) await line(l);
        await line('');
      }
      if (listed && count.notCors > 0) {
        await line(p.bold(`NOT CORS (${count.notCors})`));
        await replay(listed.notCors);
        await line('');
      }
      for (const l of inputProblems(end.errors, p, end.errorCount)) await line(l);
      await write('\n');
      for (const spool of [blocked, failed, listed?.allowed, listed?.notCors])
        await spool?.close?.();
    },
  };
}

/**
 * Where `NUMBER_MARK` first matches in a record's UTF-8 (its bytes 1 and 2 never occur inside a
 * multi-byte character): the bytes it spans and its number.
 */
export function findNumberMark(
  record: Uint8Array,
): { start: number; end: number; n: number } | undefined {
  for (let start = record.indexOf(1); start >= 0; start = record.indexOf(1, start + 1)) {
    let i = start + 1;
    let n = 0;
    while (i < record.length && record[i]! >= 48 && record[i]! <= 57) n = n * 10 + record[i++]! - 48;
    if (i > start + 1 && record[i] === 2) return { start, end: i + 1, n };
  }
  return undefined;
}
