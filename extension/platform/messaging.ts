/**
 * The typed client extension pages use to talk to the background (src/protocol/messages.ts):
 * `await client.call('getTabState', { tabId })` resolves with the value or throws ProtocolCallError
 * (with `issues` naming entry and field for validation failures).
 */
import { unwrapReply, type ProtocolClient } from '../../src/protocol/client.ts';
import type { Message, MessageType } from '../../src/protocol/messages.ts';
import { browser } from './browser.ts';

/** A worker being restarted may drop the first message ("Receiving end does not exist"). */
const RETRIES = 2;

async function sendOnce(message: Message): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export function createClient(send: (m: Message) => Promise<unknown> = sendOnce): ProtocolClient {
  return {
    async call(type, data) {
      const message = { type, data } as Message<MessageType>;
      let lastError: unknown;
      for (let attempt = 0; attempt <= RETRIES; attempt++) {
        try {
          return unwrapReply(await send(message));
        } catch (e) {
          lastError = e;
          const text = e instanceof Error ? e.message : String(e);
          if (!/Receiving end does not exist|message port closed/i.test(text)) throw e;
          await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
        }
      }
      throw lastError;
    },
  };
}

export const client: ProtocolClient = createClient();
