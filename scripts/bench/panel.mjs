// Benchmark: the CORS panel at scale, in the real built panel page in Chromium. 5,000 exchanges
// (Chromium-shaped HAR entries from the shared scenarios) arrive live over the same port the
// devtools page uses, one entry per message; then the list is filtered. Printed: time per update
// (live flush, filter keystroke, toggle, HAR file import) and DOM node counts, with the same
// measured for 50 exchanges as the baseline (virtualization: 100× the data, about the same cost).
// Run: npm run bench panel [-- --exchanges 5000 --extension dist-test]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildExtension } from './lib/bundle.mjs';
import { median } from './lib/timing.mjs';

export const description =
  'Panel: 5,000 exchanges streamed into the built panel page in Chromium, then filtered (vs 50)';

/** Goals: a filter keystroke on 5,000 rows within one 60 Hz frame budget ×3, DOM bounded. */
export const GOALS = { filterMs: 50, domNodes: 2000, domRatio: 1.5 };

const FEED_TAB = 4242;
// tsx compiles with esbuild's keepNames: functions sent to a page may call this helper.
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export default async function run(options = {}) {
  const count = Number(options.exchanges ?? 5000);
  const baseCount = Number(options.baseline ?? 50);
  const print = options.print ?? ((line) => console.log(line));
  const { launchBrowser } = await import('../../test/e2e/harness/index.ts');
  const { manyEntries } = await import('../../test/ui/panel/many-entries.ts');
  const { har } = await import('../../test/fixtures/har/builders.ts');

  const built = options.extension ? undefined : buildExtension({ name: 'panel' });
  const extension = options.extension ? resolve(options.extension) : built;
  const browser = await launchBrowser({ extension });
  await browser.context.addInitScript(NAME_SHIM);
  try {
    const big = await measure(browser, manyEntries(count), count, har);
    const small = await measure(browser, manyEntries(baseCount), baseCount, har);
    const ratio = (a, b) => (b > 0 ? a / b : NaN);
    const result = {
      exchanges: big.rows,
      baseline: small.rows,
      big,
      small,
      ratios: {
        filter: ratio(big.filterMedian, small.filterMedian),
        dom: ratio(big.domAfterFeed, small.domAfterFeed),
        ingestVsParse: ratio(big.ingestMs, big.parseMs),
      },
    };
    result.ok =
      big.rows === count &&
      big.filterMedian <= GOALS.filterMs &&
      big.domAfterFeed <= GOALS.domNodes &&
      result.ratios.dom <= GOALS.domRatio;

    const ms = (t) => `${t.toFixed(1).padStart(7)} ms`;
    print(
      `panel: ${big.rows} exchanges (${big.entries} HAR entries) streamed live, then filtered; baseline ${small.rows}`,
    );
    print(
      `${' '.repeat(40)}${String(big.rows).padStart(10)}  ${String(small.rows).padStart(10)}   ratio`,
    );
    const line = (label, a, b, unit = ms) => {
      const r = ratio(a, b);
      print(
        `  ${label.padEnd(38)}${unit(a)}  ${unit(b)}   ${Number.isFinite(r) ? r.toFixed(2) : '—'}`,
      );
    };
    const n = (v) => `${String(Math.round(v)).padStart(7)}   `;
    line('live: whole feed, until shown', big.ingestMs, small.ingestMs);
    line('live: frame time (median)', big.flushMedian, small.flushMedian);
    line('live: frame time (max)', big.flushMax, small.flushMax);
    line('live: frames over 50 ms', big.slowFrames, small.slowFrames, n);
    line('filter: update until painted (median)', big.filterMedian, small.filterMedian);
    line('filter: update until painted (max)', big.filterMax, small.filterMax);
    line('HAR file import, until shown', big.importMs, small.importMs);
    line('JSON.parse of the same entries', big.parseMs, small.parseMs);
    line('DOM nodes after the feed', big.domAfterFeed, small.domAfterFeed, n);
    line('DOM nodes after filtering', big.domAfterFilter, small.domAfterFilter, n);
    line('DOM nodes, detail open', big.domWithDetail, small.domWithDetail, n);
    print(
      `  goals: filter ≤ ${GOALS.filterMs} ms, DOM ≤ ${GOALS.domNodes} nodes and ≤ ${GOALS.domRatio}× the baseline: ${result.ok ? 'PASS' : 'FAIL'}`,
    );
    return result;
  } finally {
    await browser.close();
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

/** `entries` fold into `exchanges` rows (preflights and redirect hops join their request). */
async function measure(browser, entries, exchanges, har) {
  // Any extension page can answer the panel's port: this one plays the devtools page of a tab.
  const feeder = await browser.openExtensionPage('extension/options/index.html');
  await feeder.evaluate(
    ({ tabId, entries }) => {
      globalThis.benchFeed = { entries, go: undefined };
      chrome.runtime.onConnect.addListener((port) => {
        if (port.name !== `cors-lens-network:${tabId}`) return;
        port.postMessage({
          type: 'har',
          entries: [],
          url: 'http://localhost:5173/',
          theme: 'light',
        });
        globalThis.benchFeed.go = () => {
          // DevTools announces requests as they finish: one message each, in bursts.
          let i = 0;
          const burst = () => {
            for (const end = Math.min(i + 100, entries.length); i < end; i++) {
              port.postMessage({ type: 'entry', entry: entries[i] });
            }
            if (i < entries.length) setTimeout(burst, 0);
          };
          burst();
        };
      });
    },
    { tabId: FEED_TAB, entries },
  );
  const panel = await browser.openExtensionPage(`extension/devtools/panel.html?tab=${FEED_TAB}`);
  await panel.waitForFunction(() => document.querySelector('.blocked-count'));
  await feeder.waitForFunction(() => globalThis.benchFeed.go);

  // Frame times while the feed runs, seen from the panel's own page.
  await panel.evaluate(() => {
    const frames = [];
    let last = performance.now();
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (!globalThis.benchStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    globalThis.benchFrames = frames;
  });
  const shownCount = () =>
    Number(
      /of (\d+) cross-origin/.exec(document.querySelector('.shown-count')?.textContent ?? '')?.[1],
    );
  const start = Date.now();
  await feeder.evaluate(() => globalThis.benchFeed.go());
  const expected = await feeder.evaluate(() => globalThis.benchFeed.entries.length);
  await panel.waitForFunction(
    (want) =>
      Number(
        /of (\d+) cross-origin/.exec(
          document.querySelector('.shown-count')?.textContent ?? '',
        )?.[1],
      ) >= want,
    exchanges,
    { timeout: 120_000, polling: 16 },
  );
  const ingestMs = Date.now() - start;
  const frames = await panel.evaluate(() => {
    globalThis.benchStop = true;
    return globalThis.benchFrames;
  });
  const rows = await panel.evaluate(shownCount);
  const domAfterFeed = await panel.evaluate(() => document.getElementsByTagName('*').length);

  // Filtering: each keystroke and toggle, from the input event to the next painted frame.
  const filter = await panel.evaluate(async () => {
    const search = document.querySelector('input[type=search]');
    const blockedOnly = [...document.querySelectorAll('label')]
      .find((l) => l.textContent.includes('Blocked only'))
      .querySelector('input');
    const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const times = [];
    const type = async (value) => {
      const t0 = performance.now();
      search.value = value;
      search.dispatchEvent(new Event('input', { bubbles: true }));
      await painted();
      times.push(performance.now() - t0);
    };
    const toggle = async () => {
      const t0 = performance.now();
      blockedOnly.click();
      await painted();
      times.push(performance.now() - t0);
    };
    for (const value of ['o', 'or', 'ord', 'orde', 'order', 'orders', '']) await type(value);
    await toggle();
    for (const value of ['u', 'us', 'use', 'user', 'users']) await type(value);
    const domAfterFilter = document.getElementsByTagName('*').length;
    await type('');
    await toggle();
    return { times, domAfterFilter };
  });

  // The detail of one row: its DOM, on top of the list's.
  await panel.click('[role=option]');
  await panel.waitForSelector('.detail');
  const domWithDetail = await panel.evaluate(() => document.getElementsByTagName('*').length);

  // The same entries as a HAR file through the picker, and JSON.parse of that text as reference.
  const text = JSON.stringify(
    har('chrome', 'http://localhost:5173/', Date.UTC(2026, 7, 22), entries),
  );
  const harDir = mkdtempSync(join(tmpdir(), 'cors-lens-bench-har-'));
  const file = join(harDir, 'bench.har');
  writeFileSync(file, text);
  const importStart = Date.now();
  await panel.setInputFiles('input[type=file]', file);
  await panel.waitForFunction(
    (want) =>
      document.querySelector('.notice strong')?.textContent === 'bench.har' &&
      Number(
        /of (\d+) cross-origin/.exec(
          document.querySelector('.shown-count')?.textContent ?? '',
        )?.[1],
      ) >= want,
    rows,
    { timeout: 120_000, polling: 16 },
  );
  const importMs = Date.now() - importStart;
  rmSync(harDir, { recursive: true, force: true });
  const parseMs = await panel.evaluate((t) => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      JSON.parse(t);
      runs.push(performance.now() - t0);
    }
    return runs.sort((a, b) => a - b)[1];
  }, text);

  const flushes = frames.slice(1);
  await panel.close();
  await feeder.close();
  return {
    rows,
    entries: expected,
    ingestMs,
    flushMedian: median(flushes),
    flushMax: Math.max(0, ...flushes),
    slowFrames: flushes.filter((f) => f > 50).length,
    filterMedian: median(filter.times),
    filterMax: Math.max(...filter.times),
    domAfterFeed,
    domAfterFilter: filter.domAfterFilter,
    domWithDetail,
    importMs,
    parseMs,
  };
}
