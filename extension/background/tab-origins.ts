/**
 * The open tabs and their top-level origins, from tabs.query. Without the `tabs` permission a tab's
 * URL is visible only for hosts the extension may access — which are exactly the relaxed sites (the
 * user granted them when relaxing) — so every tab that matters is seen, and a tab that navigates away
 * to an unrelated site simply loses its origin, which ends its rules. That is why CORS Lens does not
 * ask for `tabs` (its warning reads "Read your browsing history").
 */
import type { TabInfo } from '../../src/overrides/index.ts';
import type { BrowserTab } from './ports.ts';

/** The origin of an http(s) URL; undefined for anything else or when the URL is hidden. */
export function httpOrigin(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export interface OpenTabs {
  /** Every open tab, seen or not: `tab-close` overrides end only when their tab is really gone. */
  openTabIds: number[];
  /** Tabs showing an http(s) origin the extension can see. */
  tabs: TabInfo[];
}

export function openTabsFrom(list: readonly BrowserTab[]): OpenTabs {
  const openTabIds: number[] = [];
  const tabs: TabInfo[] = [];
  for (const tab of list) {
    if (typeof tab.id !== 'number' || tab.id < 0) continue;
    openTabIds.push(tab.id);
    const origin = httpOrigin(tab.url);
    if (origin !== undefined) tabs.push({ tabId: tab.id, origin });
  }
  return { openTabIds, tabs };
}
