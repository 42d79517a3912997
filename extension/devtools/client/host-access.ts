import { client } from '../../platform/messaging.ts';

/**
 * `chrome.permissions.request` for the hosts an override needs (they are optional permissions).
 * Outside a user gesture (a keyboard shortcut that lost it, an automated click) the request is
 * refused outright; then access already granted still counts. Resolves true when the API is
 * missing: the background then reports the missing access itself.
 */
export function requestHostAccess(origins: string[]): Promise<boolean> {
  const permissions = chrome.permissions as typeof chrome.permissions | undefined;
  if (!origins.length || !permissions?.request) return Promise.resolve(true);
  // Tell the background first that CORS Lens is the one asking, so it can give back exactly this
  // grant when no override needs it any more (never access the user granted elsewhere). Not
  // awaited: waiting would end the user gesture the permission prompt needs.
  void client.call('expectHostAccess', { origins }).catch(() => undefined);
  return permissions
    .request({ origins })
    .catch(() => permissions.contains({ origins }).catch(() => false));
}
