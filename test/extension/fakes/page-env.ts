/**
 * A PageEnv (what popup and options components use) wired to a World's real background through the
 * message router, so component tests exercise the same protocol path as the extension.
 */
import { unwrapReply, type ProtocolClient } from '../../../src/protocol/client.ts';
import type { PageEnv } from '../../../extension/ui/env.ts';
import { EXTENSION_ID, EXTENSION_URL, type World } from './world.ts';

const WRITES = new Set([
  'createOverride',
  'updateOverride',
  'deleteOverride',
  'toggleTab',
  'importOverrides',
]);

export interface TestEnv extends PageEnv {
  accessRequests: string[][];
  /** What the next requestHostAccess answers. */
  grant: boolean;
  optionsOpened: number;
  changed(): void;
}

export function pageEnvFor(w: World, tabId?: number): TestEnv {
  const listeners = new Set<() => void>();
  const client: ProtocolClient = {
    async call(type, data) {
      const reply = await w.bg.onMessage(
        { type, data },
        { id: EXTENSION_ID, url: `${EXTENSION_URL}page.html` },
        EXTENSION_ID,
        EXTENSION_URL,
      );
      const value = unwrapReply(reply);
      // storage.onChanged fires after writes only.
      if (WRITES.has(type)) listeners.forEach((l) => l());
      return value as never;
    },
  };
  const env: TestEnv = {
    client,
    accessRequests: [],
    grant: true,
    optionsOpened: 0,
    activeTabId: async () => tabId,
    requestHostAccess(origins) {
      // As extension/platform/page-env.ts: tell the background first, then ask.
      void client.call('expectHostAccess', { origins }).catch(() => undefined);
      env.accessRequests.push(origins);
      // The user answers the prompt after the background heard of it.
      return new Promise<boolean>((resolve) => setTimeout(resolve, 0)).then(async () => {
        if (env.grant) await w.grant(origins);
        return env.grant;
      });
    },
    openOptions: async () => {
      env.optionsOpened++;
    },
    onOverridesChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => w.clock.now(),
    changed: () => listeners.forEach((l) => l()),
  };
  return env;
}
