// CORS Lens in Debian's Firefox ESR over WebDriver BiDi, with the store build (`dist-firefox/`,
// `npm run build:firefox`): the add-on loads; Firefox's own verdicts for blocked requests (its
// console reasons, and its HAR export) map to the engine's reasons and agree with what the engine
// diagnoses for the same exchange; and an override relaxes a blocked request in the whitelisted tab
// only, once the user has granted host access to both the page and the API (Firefox, like Chrome,
// ignores a modifyHeaders rule without access to both).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  diagnose,
  explainConsoleMessage,
  FIREFOX_REASONS,
  firefoxReasonToCorsError,
} from '../../src/cors/index.ts';
import { readHar } from '../../src/har/index.ts';
import { originToMatchPattern } from '../../src/overrides/host-patterns.ts';
import { FIREFOX_ADDON_ID } from '../../scripts/manifest-for.ts';
import { startServer, type TestServer } from './harness/server.ts';
import { firefoxCases, sameVerdict } from './firefox/cases.ts';
import { addonErrors } from './firefox/addon-errors.ts';
import { consoleVerdicts, type ConsoleVerdicts } from './firefox/console-verdicts.ts';
import { openDevtoolsPanel, type PanelSnapshot } from './firefox/devtools-panel.ts';
import { openExtensionPage, type ExtensionPage } from './firefox/extension-page.ts';
import { launchFirefox, type FirefoxSession } from './firefox/launch.ts';
import type { Har } from './firefox/netmonitor.ts';
import { fetchIn, type FetchInit } from './firefox/page-fetch.ts';
import { caseRoutes, runCasesWithHar, type CaseRun } from './firefox/run-cases.ts';

const PAGE = {
  headers: [['Content-Type', 'text/html; charset=utf-8']] as [string, string][],
  body: '<!doctype html><meta charset="utf-8"><title>dev site</title><link rel="icon" href="data:,">',
};
/** The API host: `127.0.0.1` is another origin (and host) than the `localhost` pages. */
const API_HOST = '127.0.0.1';

let ff: FirefoxSession;
let verdicts: ConsoleVerdicts;
let site: TestServer;
let otherSite: TestServer;
let api: TestServer;
let ext: ExtensionPage;
let runs: CaseRun[];
let har: Har;

beforeAll(async () => {
  site = await startServer({ '/': PAGE });
  otherSite = await startServer({ '/': PAGE });
  const cases = firefoxCases(site.origin);
  api = await startServer({
    ...caseRoutes(cases),
    // No CORS headers at all, for the preflight either: blocked until an override relaxes it.
    '/relax-me': { body: 'secret' },
    '/panel-before': { body: 'secret' },
    '/panel-live': { body: 'secret' },
  });
  ff = await launchFirefox();
  verdicts = consoleVerdicts(ff.bidi);
  // The cases run in the first tab, with DevTools' network monitor recording them for the HAR;
  // afterwards that tab is off the site, so the override test's tabs are the only ones showing it.
  ({ runs, har } = await runCasesWithHar(ff, site, api, API_HOST, cases, verdicts));
  ext = await openExtensionPage(ff);
});

afterAll(async () => {
  verdicts?.stop();
  await ff?.close();
  await Promise.all([site?.close(), otherSite?.close(), api?.close()]);
});

describe('CORS Lens in Firefox', () => {
  test('the add-on loads as an MV3 event page, and its background answers its pages', async () => {
    expect(ff.addonId).toBe(FIREFOX_ADDON_ID);
    const manifest = await ext.evaluate<{ background: unknown; manifest_version: number }>(
      '() => browser.runtime.getManifest()',
    );
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ scripts: [expect.any(String)] });
    expect(await ext.call('ping', undefined)).toBe('pong');
    // chrome.debugger does not exist in Firefox: "answer preflights" is off, with a reason.
    const caps = await ext.call('getCapabilities', undefined);
    expect(caps.answerPreflights).toBe(false);
    expect(caps.answerPreflightsNote).toEqual(expect.any(String));
  });

  test.for([
    ['popup', 'extension/popup/index.html'],
    ['options page', 'extension/options/index.html'],
    ['panel (opened as a tab)', 'extension/devtools/panel.html'],
  ])('the %s renders in Firefox without errors', async ([, path]) => {
    const tab = await ff.bidi.openTab(ff.extensionUrl(path!));
    try {
      // Every page renders into #app; something visible must appear there.
      await expect
        .poll(() =>
          ff.bidi.call<string>(tab, "() => document.getElementById('app')?.innerText ?? ''"),
        )
        .not.toBe('');
      await new Promise((r) => setTimeout(r, 300));
      expect(await addonErrors(ff)).toEqual([]);
    } finally {
      await ff.bidi.closeTab(tab);
    }
  });

  test('the CORS panel inside Firefox’s DevTools shows the inspected tab’s blocked requests with their reasons', async () => {
    // A tab of its own, found in the chrome scope by this unique URL.
    const pageUrl = site.url('/?devtools-panel');
    const tab = await ff.bidi.openTab(pageUrl);
    const before = api.url('/panel-before', API_HOST);
    const live = api.url('/panel-live', API_HOST);
    const put: FetchInit = { method: 'PUT', headers: { 'Content-Type': 'application/json' } };
    try {
      // One request while DevTools records the tab but before the panel exists (it arrives in
      // the panel's getHAR snapshot), one after (devtools.network.onRequestFinished).
      const panel = await openDevtoolsPanel(ff, tab, pageUrl, {
        beforeSelect: async () => void (await fetchIn(ff.bidi, tab, before, {})),
      });
      const row = (s: PanelSnapshot, url: string) => s.rows.find((r) => r.url === url);
      await panel.waitFor('the earlier request', (s) => row(s, before)?.status === 'Blocked');
      expect((await fetchIn(ff.bidi, tab, live, put)).ok).toBe(false);
      const shown = await panel.waitFor('the live request', (s) => row(s, live) !== undefined);
      expect({ rows: shown.rows, count: shown.blockedCount }).toEqual({
        rows: [
          { url: before, method: 'GET', status: 'Blocked', reason: 'MissingAllowOriginHeader' },
          {
            url: live,
            method: 'PUT',
            status: 'Blocked',
            reason: 'PreflightMissingAllowOriginHeader',
          },
        ],
        count: '2 blocked',
      });
      expect(await addonErrors(ff)).toEqual([]);
      await panel.close();
    } finally {
      await ff.bidi.closeTab(tab);
    }
  });

  test('Firefox blocks every case, and prints the reason the case expects', () => {
    const table = runs.map((r) => {
      const reasonText = /\(Reason: (.*?)\)(?:\. Status code: \S+\.|\.)?$/.exec(r.verdict)?.[1];
      const key = FIREFOX_REASONS.find((f) => f.pattern.test(reasonText ?? ''))?.key;
      return { case: r.case.name, blocked: !r.outcome.ok, error: r.outcome.error, key };
    });
    expect(table).toEqual(
      runs.map((r) => ({
        case: r.case.name,
        blocked: true,
        error: expect.stringMatching(/^TypeError: NetworkError/),
        key: r.case.firefox,
      })),
    );
  });

  test('each Firefox console verdict maps to the reason the engine diagnoses for that exchange', () => {
    const table = runs.map((r) => {
      const explained = explainConsoleMessage(r.verdict);
      const fromConsole = 'reason' in explained ? explained.reason : undefined;
      return {
        case: r.case.name,
        source: 'source' in explained ? explained.source : explained.error,
        url: 'url' in explained ? explained.url : undefined,
        mapped: fromConsole,
        agrees: fromConsole !== undefined && sameVerdict(fromConsole, r.case.chromium),
        byKey: firefoxReasonToCorsError(r.case.firefox) === fromConsole,
        diagnosed: diagnose(r.exchange).reason,
      };
    });
    expect(table).toEqual(
      runs.map((r) => ({
        case: r.case.name,
        source: 'firefox',
        url: r.url,
        mapped: expect.any(String),
        agrees: true,
        byKey: true,
        diagnosed: r.case.chromium,
      })),
    );
  });

  test('Firefox’s HAR export of the same requests reads into the same verdicts', () => {
    const read = readHar(JSON.stringify(har));
    expect(read.errors).toEqual([]);
    const table = runs.map((r) => {
      const exchange = read.exchanges.find((e) => e.legs[0]?.request.url === r.url);
      const d = exchange && diagnose(exchange);
      return { case: r.case.name, verdict: d?.verdict, reason: d?.reason };
    });
    expect(table).toEqual(
      runs.map((r) => ({ case: r.case.name, verdict: 'blocked', reason: r.case.chromium })),
    );
  });

  test('an override relaxes a blocked request in the whitelisted tab only, once both origins are granted', async () => {
    const url = api.url('/relax-me', API_HOST);
    const get: FetchInit = { credentials: 'include' };
    const put: FetchInit = {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'include',
    };
    const siteTab = await ff.bidi.openTab(site.url('/'));
    // Same host, another port: another site, which DNR's domain conditions could not tell apart.
    const otherTab = await ff.bidi.openTab(otherSite.url('/'));
    const outcomes = async (tab: string) => ({
      get: (await fetchIn(ff.bidi, tab, url, get)).body ?? 'blocked',
      put: (await fetchIn(ff.bidi, tab, url, put)).body ?? 'blocked',
    });
    const blocked = { get: 'blocked', put: 'blocked' };
    expect(await outcomes(siteTab)).toEqual(blocked);

    // Access to the site's host only: the tab is seen and the rules are installed for it, but
    // Firefox applies modifyHeaders only with access to the API's host as well.
    expect(await ext.requestHostAccess([originToMatchPattern(site.origin)!])).toBe(true);
    const tabId = await ext.tabIdOf(site.url('/'));
    const override = await ext.call('createOverride', {
      site: site.origin,
      apiOrigins: [api.originFor(API_HOST)],
      duration: 15,
    });
    const halfGranted = await ext.call('getTabState', { tabId });
    expect(halfGranted.override?.id).toBe(override.id);
    expect(halfGranted.missingHostPermissions).toEqual([
      originToMatchPattern(api.originFor(API_HOST)),
    ]);
    const rules = await ext.evaluate<{ condition: { tabIds?: number[] } }[]>(
      '() => browser.declarativeNetRequest.getSessionRules()',
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => JSON.stringify(r.condition.tabIds) === JSON.stringify([tabId]))).toBe(
      true,
    );
    expect(await outcomes(siteTab)).toEqual(blocked);

    // Both origins granted: relaxed in the site's tab, credentials and preflight included.
    expect(await ext.requestHostAccess([`http://${API_HOST}/*`])).toBe(true);
    const granted = await ext.call('getTabState', { tabId });
    expect(granted.missingHostPermissions).toBeUndefined();
    expect(granted.relaxed).toBe(true);
    expect(await outcomes(siteTab)).toEqual({ get: 'secret', put: 'secret' });
    expect(await outcomes(otherTab)).toEqual(blocked);
    const put200 = api.hits('/relax-me', 'PUT');
    expect(put200.at(-1)?.header('origin')).toBe(site.origin);

    // Turned off: blocked again.
    await ext.call('deleteOverride', { id: override.id });
    expect((await fetchIn(ff.bidi, siteTab, url, get)).ok).toBe(false);
    await Promise.all([ff.bidi.closeTab(siteTab), ff.bidi.closeTab(otherTab)]);
  });
});
