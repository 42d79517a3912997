import type { Override } from '../../../src/overrides/types.ts';
import { OVERRIDES_STORAGE_KEY } from '../../../src/protocol/messages.ts';
import { client } from '../../platform/messaging.ts';

/**
 * Calls `listener` with the current overrides whenever the stored list changes. The stored value is
 * the background's business, so the list is re-asked from the background rather than parsed here.
 */
export function watchOverrides(listener: (overrides: Override[]) => void): () => void {
  const storage = chrome.storage as typeof chrome.storage | undefined;
  if (!storage?.onChanged) return () => {};
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'local' || !(OVERRIDES_STORAGE_KEY in changes)) return;
    client.call('listOverrides', undefined).then(listener, () => {});
  };
  storage.onChanged.addListener(onChanged);
  return () => storage.onChanged.removeListener(onChanged);
}
