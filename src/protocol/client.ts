/**
 * The page side of the protocol, as an interface: the popup, the options page and the panel take a
 * ProtocolClient and never touch `runtime.sendMessage` themselves, so their components run in tests
 * with an in-memory client. The real one is extension/platform/messaging.ts.
 */
import type { MessageType, ProtocolError, ProtocolMap, Reply } from './messages.ts';

export interface ProtocolClient {
  call<K extends MessageType>(
    type: K,
    data: ProtocolMap[K]['data'],
  ): Promise<ProtocolMap[K]['value']>;
}

/** A `{ ok: false }` reply, thrown on the page side so `await client.call(…)` reads naturally. */
export class ProtocolCallError extends Error {
  readonly issues: { path: string; message: string }[];

  constructor(error: ProtocolError) {
    super(error.message);
    this.name = 'ProtocolCallError';
    this.issues = error.issues ?? [];
  }
}

function isReply(value: unknown): value is Reply<MessageType> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { message?: unknown } };
  return v.ok === true || (v.ok === false && typeof v.error?.message === 'string');
}

/** Unwraps a reply; anything that is not one (no listener, a crashed worker) becomes an error. */
export function unwrapReply<K extends MessageType>(reply: unknown): ProtocolMap[K]['value'] {
  if (!isReply(reply)) {
    throw new ProtocolCallError({
      message: 'The CORS Lens background did not answer (is the extension reloading?).',
    });
  }
  if (!reply.ok) throw new ProtocolCallError(reply.error);
  return reply.value as ProtocolMap[K]['value'];
}
