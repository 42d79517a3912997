// What CORS Lens tells the user about Firefox's gaps, in a real Firefox ESR (`dist-firefox/`, `npm
// run build:firefox`): no debugger API, no getMatchedRules, no response-header conditions; and an
// override asked for before host access is created by the background itself when the grant arrives
// (Firefox may close the popup that asked while its prompt is open).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from './harness/server.ts';
import { openExtensionPage, type ExtensionPage } from './firefox/extension-page.ts';
import { launchFirefox, type FirefoxSession } from './firefox/launch.ts';
import { fetchIn } from './firefox/page-fetch.ts';

const PAGE = {
  headers: [['Content-Type', 'text/html; charset=utf-8']] as [string, string][],
  body: '<!doctype html><meta charset="utf-8"><title>dev site</title><link rel="icon" href="data:,">',
};
const API_HOST = '127.0.0.1';

let ff: FirefoxSession;
let site: TestServer;
let api: TestServer;
let ext: ExtensionPage;

beforeAll(async () => {
  site = await startServer({ '/': PAGE });
  api = await startServer({ '/relax-me': { body: 'secret' } });
  ff = await launchFirefox();
  ext = await openExtensionPage(ff);
});

afterAll(async () => {
  await ff?.close();
  await Promise.all([site?.close(), api?.close()]);
});

async function pageText(tab: string): Promise<string> {
  return ff.bidi.call<string>(tab, "() => document.getElementById('app')?.innerText ?? ''");
}

describe('CORS Lens on Firefox’s gaps', () => {
  test('capabilities name Firefox’s missing APIs, not a build flag', async () => {
    // The premise: Firefox has neither API.
    expect(
      await ext.evaluate<string[]>(
        '() => [typeof browser.declarativeNetRequest.getMatchedRules, typeof browser.debugger]',
      ),
    ).toEqual(['undefined', 'undefined']);
    const caps = await ext.call('getCapabilities', undefined);
    expect(caps).toMatchObject({ answerPreflights: false, relaxedCount: false });
    expect(caps.answerPreflightsNote).toMatch(/Firefox has no debugger API/);
    expect(caps.answerPreflightsNote).not.toMatch(/CORS_LENS_DEBUGGER/);
    expect(caps.relaxedCountNote).toMatch(/getMatchedRules/);
  });

  test('an override asked for before host access is created when the grant arrives', async () => {
    const siteTab = await ff.bidi.openTab(site.url('/'));
    const url = api.url('/relax-me', API_HOST);
    expect((await fetchIn(ff.bidi, siteTab, url, { credentials: 'include' })).ok).toBe(false);

    const staged = await ext.call('createOverrideWhenGranted', {
      site: site.origin,
      apiOrigins: [api.originFor(API_HOST)],
      duration: 15,
    });
    expect(staged.pendingId).toEqual(expect.any(String));
    expect(await ext.call('listOverrides', undefined)).toEqual([]);

    // Granted from a page that then reports nothing, as a popup Firefox closed would: the
    // background must hear permissions.onAdded and create the override itself.
    expect(await ext.requestHostAccess(staged.hostPatterns)).toBe(true);
    await expect
      .poll(async () => (await ext.call('listOverrides', undefined)).map((o) => o.site))
      .toEqual([site.origin]);

    const tabId = await ext.tabIdOf(site.url('/'));
    const state = await ext.call('getTabState', { tabId });
    expect(state.relaxed).toBe(true);
    expect(state.limitations).toEqual([
      expect.stringMatching(/cannot condition rules on response headers/),
    ]);
    expect((await fetchIn(ff.bidi, siteTab, url, { credentials: 'include' })).body).toBe('secret');

    // The popup for that tab says what Firefox cannot do, compactly.
    const popup = await ff.bidi.openTab(
      ff.extensionUrl(`extension/popup/index.html?tabId=${tabId}`),
    );
    await expect.poll(() => pageText(popup)).toMatch(/not counted in this browser/);
    expect(await pageText(popup)).toMatch(/⚠ 1 limitation/);
    expect(await pageText(popup)).not.toMatch(/last known/);

    await ext.call('deleteOverride', { id: state.override!.id });
    await Promise.all([ff.bidi.closeTab(popup), ff.bidi.closeTab(siteTab)]);
  });
});
