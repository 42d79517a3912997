/** A handler's refusal, carried back to the page as `{ ok: false, error }` (never thrown across). */
import type { InputError } from '../../src/cors/types.ts';
import type { ProtocolError } from '../../src/protocol/messages.ts';

export class ProtocolFailure extends Error {
  constructor(
    message: string,
    readonly issues: InputError[] = [],
  ) {
    super(message);
  }
}

export function toProtocolError(e: unknown): ProtocolError {
  if (e instanceof ProtocolFailure) {
    return e.issues.length > 0
      ? { message: e.message, issues: e.issues.map((i) => ({ path: i.path, message: i.message })) }
      : { message: e.message };
  }
  // An unexpected failure (a browser API refused): say what, do not crash the worker.
  return { message: e instanceof Error ? e.message : String(e) };
}

/** "site: Enter the site's origin…; duration: …" for a status line; the list has them one by one. */
export function summarize(issues: readonly InputError[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > max ? ` (+${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}
