// Firefox's own CORS verdicts: the "Cross-Origin Request Blocked" console errors, which reach a
// test as BiDi `log.entryAdded` (not as console API messages).
import type { Bidi } from './bidi.ts';

interface LogEntry {
  level: string;
  text: string | null;
  source: { context?: string };
}

export interface CorsLine {
  context?: string;
  text: string;
}

/** Firefox's follow-up line after a failed preflight; the line before it has the real reason. */
const DID_NOT_SUCCEED = /\(Reason: CORS request did not succeed\)/;

export interface ConsoleVerdicts {
  /** Every CORS console line so far, oldest first. */
  lines: CorsLine[];
  /** The lines Firefox printed for `url` (an exact URL, as requested). */
  linesFor(url: string): CorsLine[];
  /**
   * Firefox's verdict line for `url`: the first line naming a reason other than the generic
   * follow-up "CORS request did not succeed" (that one only when nothing else came).
   */
  waitFor(url: string, timeoutMs?: number): Promise<string>;
  stop(): void;
}

/** `…resource at http://h/p. (Reason` or `…resource at ‘http://h/p’. (Reason`: the URL exactly. */
function mentions(text: string, url: string): boolean {
  return text.includes(` at ${url}. `) || text.includes(` at \u2018${url}\u2019. `);
}

export function consoleVerdicts(bidi: Bidi): ConsoleVerdicts {
  const lines: CorsLine[] = [];
  const stop = bidi.on<LogEntry>('log.entryAdded', (entry) => {
    if (entry.level === 'error' && entry.text?.startsWith('Cross-Origin Request Blocked')) {
      lines.push({ context: entry.source.context, text: entry.text });
    }
  });
  const linesFor = (url: string) => lines.filter((l) => mentions(l.text, url));
  return {
    lines,
    linesFor,
    stop,
    async waitFor(url, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = linesFor(url);
        const reason = found.find((l) => !DID_NOT_SUCCEED.test(l.text));
        // The follow-up comes right after its reason line; give the reason a moment to arrive.
        if (reason) return reason.text;
        if (Date.now() > deadline) {
          if (found[0]) return found[0].text;
          throw new Error(`Firefox printed no CORS error for ${url}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
