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
  /** The spools take UTF-8 (`RenderedItem.bytes` is worth making). */
  readonly takesBytes: boolean;
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
  /** `text` as UTF-8, for a part written again and again (one the explain memo keeps). */
  bytes?: Uint8Array;
  /** For the per-server summary of allowed exchanges (without `--all`). */
  server?: string;
  method?: string;
}

/**
 * Where a blocked block gets its number ("n/total "), once the total is known: its first control
 * characters (everything printed from the input is escaped). The n-th record of the blocked spool
 * is the n-th blocked exchange, so the spool needs no number of its own.
 */
const NUMBER_SLOT = '\u0001\u0002';

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
        put(blocked, r);
        break;
      case 'network-error':
        count.failed++;
        put(failed, r);
        break;
      case 'allowed':
        count.allowed++;
        if (listed) put(listed.allowed, r);
        else countAllowed(groups, r.server!, r.method!);
        break;
      case 'not-cors':
        count.notCors++;
        if (listed) put(listed.notCors, r);
        break;
    }
  };

  return {
    takesBytes: blocked.writeBytes !== undefined,
    render,
    addRendered,
    add: (item) => addRendered(render(item)),
    async finish(end, write, writeBytes) {
      // `lines.join('\n').trimEnd() + '\n'`, written as it goes: blank lines wait for what follows.
      let first = true;
      let blanks = 0;
      /** What goes before the next non-blank line: the line breaks it and waiting blanks need. */
      const separator = (): string => {
        const before = first ? '' : '\n'.repeat(blanks + 1);
        first = false;
        blanks = 0;
        return before;
      };
      const line = async (text: string): Promise<void> => {
        if (text === '') blanks++;
        else await write(separator() + text);
      };
      /** `line` of a spooled record in UTF-8, `number` (blocked) put in its `NUMBER_SLOT`. */
      const byteLine = async (
        record: Uint8Array,
        bytes: (bytes: Uint8Array) => void | Promise<void>,
        number?: string,
      ): Promise<void> => {
        if (record.length === 0) {
          blanks++;
          return;
        }
        const before = separator();
        if (before !== '') await write(before);
        const slot = number === undefined ? -1 : findNumberSlot(record);
        if (slot < 0) return void (await bytes(record));
        await bytes(record.subarray(0, slot));
        await write(number!);
        await bytes(record.subarray(slot + 2));
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
      let n = 0;
      if (writeBytes && blocked.readBytes) {
        for await (const record of blocked.readBytes()) {
          await byteLine(record, writeBytes, blockedNumber(++n, count.blocked, p));
          await line('');
        }
      } else {
        for await (const record of blocked.read()) {
          const number = blockedNumber(++n, count.blocked, p);
          await line(record.replace(NUMBER_SLOT, () => number));
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

/** Where `NUMBER_SLOT` first stands in a record's UTF-8 (bytes 1 and 2: never inside a character). */
function findNumberSlot(record: Uint8Array): number {
  for (let at = record.indexOf(1); at >= 0; at = record.indexOf(1, at + 1)) {
    if (record[at + 1] === 2) return at;
  }
  return -1;
}

/** A part into its section's spool: as UTF-8 when it was encoded once for many writes. */
function put(spool: Spool, r: RenderedItem): void {
  if (r.bytes !== undefined && spool.writeBytes) spool.writeBytes(r.bytes);
  else spool.write(r.text);
}
