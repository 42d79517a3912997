import { FailedPreflights } from '../../src/overrides/failed-preflights.ts';
import type { ObservedEntry } from '../../src/overrides/failed-preflights.ts';
import { client } from './messaging.ts';

/**
 * Devtools page side of learning from DevTools (extension/background/learning-devtools.ts): every
 * failed preflight of the inspected tab goes to the background, which learns from it only when the
 * tab is relaxed. DevTools records every request anyway; this adds one message per failure, and
 * nothing per successful request.
 */
export function reportFailedPreflights(): void {
  const devtools = chrome.devtools;
  const tabId = devtools.inspectedWindow.tabId;
  const failed = new FailedPreflights();
  devtools.network.onRequestFinished.addListener((entry) => {
    const report = failed.onEntry(entry as unknown as ObservedEntry);
    if (!report) return;
    // Best effort: a worker being restarted is retried by the client; otherwise the webRequest
    // path still learns on the next retry.
    void client.call('learnFromFailedPreflight', { tabId, ...report }).catch(() => undefined);
  });
}
