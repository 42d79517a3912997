import { ProtocolCallError } from '../../src/protocol/client.ts';

export interface ShownError {
  message: string;
  issues: { path: string; message: string }[];
}

/** What to show for a failed call: the message, and the issues when the background sent some. */
export function shownError(e: unknown): ShownError {
  if (e instanceof ProtocolCallError) return { message: e.message, issues: e.issues };
  return { message: e instanceof Error ? e.message : String(e), issues: [] };
}
