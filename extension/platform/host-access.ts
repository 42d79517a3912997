/**
 * The browser calls every extension page shares besides messages: asking for host access and
 * hearing that the stored overrides changed. One copy for the popup, the options page and the panel.
 */
import type { Override } from '../../src/overrides/types.ts';
import { OVERRIDES_STORAGE_KEY } from '../../src/protocol/messages.ts';
import { browser } from './browser.ts';
import { client } from './messaging.ts';

/**
 * `permissions.request` for the hosts an override needs (they are optional permissions). Must be
 * called straight from a click handler: the browser asks only during a user gesture. Outside one (a
 * keyboard shortcut that lost it, an automated click) the request is refused outright; then access
 * already granted still counts. Resolves true when there is nothing to ask or no API to ask with:
 * the background then reports the missing access itself.
 */
export function requestHostAccess(origins: string[]): Promise<boolean> {
  const permissions = browser.permissions as typeof browser.permissions | undefined;
  if (!origins.length || !permissions?.request) return Promise.resolve(true);
  // Tell the background first that CORS Lens is the one asking, so it can give back exactly this
  // grant when no override needs it any more (never access the user granted elsewhere). Not
  // awaited: waiting would end the user gesture the permission prompt needs.
  void client.call('expectHostAccess', { origins }).catch(() => undefined);
  return permissions
    .request({ origins })
    .catch(() => permissions.contains({ origins }).catch(() => false));
}

/** Calls `listener` whenever the stored overrides change; returns the unsubscribe function. */
export function onOverridesStored(listener: () => void): () => void {
  const storage = browser.storage as typeof browser.storage | undefined;
  if (!storage?.onChanged) return () => {};
  const handler = (changes: Record<string, unknown>, area: string): void => {
    if (area === 'local' && OVERRIDES_STORAGE_KEY in changes) listener();
  };
  storage.onChanged.addListener(handler);
  return () => storage.onChanged.removeListener(handler);
}

/**
 * The panel's form: the whole list, re-asked from the background whenever it changes (the stored
 * value is the background's business, so it is not parsed here).
 */
export function watchOverrides(listener: (overrides: Override[]) => void): () => void {
  return onOverridesStored(() => {
    client.call('listOverrides', undefined).then(listener, () => {});
  });
}
