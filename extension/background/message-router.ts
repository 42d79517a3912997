/**
 * Incoming runtime messages → handlers. Only the extension's own pages may talk to the background
 * (popup, options, devtools panel, an extension page a test opens): a message from anywhere else —
 * another extension, a web page, a content script — is not answered at all. Replies are always
 * `{ ok: true, value } | { ok: false, error }`; nothing throws across the boundary.
 */
import type { MessageType, Reply } from '../../src/protocol/messages.ts';
import type { Handlers } from './handlers.ts';
import { toProtocolError } from './protocol-failure.ts';

export interface MessageSender {
  id?: string;
  url?: string;
  /** Present for messages from a content script (or a page opened in a tab). */
  origin?: string;
}

/** `extensionBaseUrl` is runtime.getURL(''), e.g. `chrome-extension://<id>/`. */
export function isOwnPage(
  sender: MessageSender,
  extensionId: string,
  extensionBaseUrl: string,
): boolean {
  return (
    sender.id === extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(extensionBaseUrl)
  );
}

export function isProtocolMessage(
  message: unknown,
  handlers: Handlers,
): message is { type: MessageType; data: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    Object.hasOwn(handlers, (message as { type: string }).type)
  );
}

export async function dispatch(
  handlers: Handlers,
  message: { type: MessageType; data: unknown },
): Promise<Reply<MessageType>> {
  try {
    const handler = handlers[message.type] as (data: unknown) => Promise<unknown>;
    const value = await handler(message.data);
    return { ok: true, value } as Reply<MessageType>;
  } catch (e) {
    return { ok: false, error: toProtocolError(e) };
  }
}
