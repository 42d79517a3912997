// Driving CORS Lens from an end-to-end test the way its pages do: protocol messages sent from one of
// its own extension pages (so the background's sender check is exercised), the popup page opened as
// a tab with `?tabId=`, and reads of the browser state (session rules, badge) from the worker.
import type { Page } from 'playwright-core';
import type { Override } from '../../src/overrides/index.ts';
import type { MessageType, ProtocolMap, Reply } from '../../src/protocol/messages.ts';
import type { TestBrowser } from './harness/index.ts';

export class CorsLensDriver {
  private page: Page | undefined;

  constructor(private readonly browser: TestBrowser) {}

  /**
   * An options page kept open for the whole file to send messages from (reopened after a browser
   * restart): one tab, and with DevTools one DevTools window, instead of one per test.
   */
  private async sender(): Promise<Page> {
    if (!this.page || this.page.isClosed()) {
      this.page = await this.browser.openExtensionPage('extension/options/index.html', {
        keep: true,
      });
    }
    return this.page;
  }

  async call<K extends MessageType>(
    type: K,
    data: ProtocolMap[K]['data'],
  ): Promise<ProtocolMap[K]['value']> {
    const page = await this.sender();
    const reply = (await page.evaluate((message) => chrome.runtime.sendMessage(message), {
      type,
      data,
    } as never)) as Reply<K>;
    if (!reply?.ok) throw new Error(`${type}: ${reply ? reply.error.message : 'no reply'}`);
    return reply.value;
  }

  /** The tab id Chromium gave a page (looked up by its URL, from the worker). */
  async tabIdOf(page: Page): Promise<number> {
    const sw = await this.browser.serviceWorker();
    const url = page.url();
    const id = await sw.evaluate(
      async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id,
      url,
    );
    if (id === undefined) throw new Error(`no tab shows ${url}`);
    return id;
  }

  async relax(
    page: Page,
    draft: Partial<ProtocolMap['createOverride']['data']> = {},
  ): Promise<Override> {
    const tabId = await this.tabIdOf(page);
    return this.call('createOverride', {
      site: new URL(page.url()).origin,
      duration: 60,
      tabId,
      ...draft,
    });
  }

  /** Deletes every override (tests end with none, so the next one starts clean). */
  async deleteAll(): Promise<void> {
    for (const o of await this.call('listOverrides', undefined)) {
      await this.call('deleteOverride', { id: o.id });
    }
  }

  /** Tabs the background watches with a per-request webRequest listener (test build hook). */
  async learningTabs(): Promise<number[]> {
    const sw = await this.browser.serviceWorker();
    return sw.evaluate(() =>
      (globalThis as never as { corsLens: { learningTabs(): number[] } }).corsLens.learningTabs(),
    );
  }

  async sessionRules(): Promise<chrome.declarativeNetRequest.Rule[]> {
    const sw = await this.browser.serviceWorker();
    return sw.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
  }

  async badge(page: Page): Promise<string> {
    const tabId = await this.tabIdOf(page);
    const sw = await this.browser.serviceWorker();
    return sw.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);
  }

  /** The popup page for a tab, opened as a tab of its own. */
  async popupFor(page: Page): Promise<Page> {
    const tabId = await this.tabIdOf(page);
    const popup = await this.browser.openExtensionPage(`extension/popup/index.html?tabId=${tabId}`);
    await popup.getByRole('switch').waitFor();
    return popup;
  }
}
