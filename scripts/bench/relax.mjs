// Benchmark: what relaxing CORS costs per request, in real Chromium on loopback. Seven browsers, one
// run, measured alternately (round-robin batches, so drift hits every setup alike):
//   floor        no extension, the API sends correct CORS headers itself
//   relaxed      CORS Lens with an override on the tab, API without CORS headers, right after
//                relaxing (issue 9's "learning window": since then no listener is added on relax or
//                page load, so this is also the steady state of a relaxed tab)
//   learning     the same with a learning window open on the measured path: a request there failed,
//                so a per-request webRequest listener watches that path's preflights (worst case:
//                every measured request is on the watched path)
//   minimalRule  a minimal hand-written extension holding one DNR session rule, same API
//   idle         CORS Lens installed, no override for the tab, API with correct headers
//   minimalIdle  the minimal extension with no rule, API with correct headers
// Printed: median time per sequential credentialed fetch, the CPU the whole browser (all its
// processes) spent per fetch (Linux; far less disturbed by other jobs than wall time), and the ratios
//   relaxed / floor (the DNR floor: ≈1.3 for any extension with the declarativeNetRequest permission),
//   relaxed / minimalRule (issue 9 goal ≤ 1.05 right after relaxing; CORS Lens goal ≤ 1.02),
//   idle / minimalIdle (goal ≤ 1.02: CORS Lens adds nothing on top),
//   learning / minimalRule (informational: what a window costs on the path it watches), and the
//   ratio of two identical setups (minimalIdle2 / minimalIdle), this machine's noise between browsers.
// CORS Lens runs with the store build's permissions plus host access granted up front (the test
// build without `declarativeNetRequestFeedback` and `debugger`, which a store install lacks).
// Run: npm run bench relax [-- --fetches 1000 --batch 20 --extension dist-test]
//  or: npx tsx scripts/bench/relax.mjs
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildExtension } from './lib/bundle.mjs';
import { browserPid, treeCpuMs } from './lib/process-cpu.mjs';
import { median } from './lib/timing.mjs';

export const description =
  'Relax: per-request cost of a CORS Lens override and of CORS Lens idle, vs no extension and a minimal DNR extension';

export const GOALS = {
  relaxedVsMinimal: 1.02,
  /** Issue 9: right after relaxing (what used to be a learning window over the whole tab). */
  afterRelaxVsMinimal: 1.05,
  idleVsMinimal: 1.02,
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A copy of the test build with the store build's permissions (host access stays granted). */
function storeLikeCopy(dir) {
  const out = mkdtempSync(join(tmpdir(), 'cors-lens-bench-store-'));
  cpSync(dir, out, { recursive: true, filter: (src) => !src.includes('_metadata') });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  manifest.permissions = manifest.permissions.filter(
    (p) => p !== 'declarativeNetRequestFeedback' && p !== 'debugger',
  );
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return out;
}

/** The smallest extension that can relax CORS with DNR: one permission, one session rule. */
function minimalExtension() {
  const out = mkdtempSync(join(tmpdir(), 'cors-lens-bench-minimal-'));
  writeFileSync(
    join(out, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Minimal DNR',
      version: '1',
      permissions: ['declarativeNetRequestWithHostAccess'],
      host_permissions: ['http://*/*', 'https://*/*'],
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(join(out, 'sw.js'), '// Rules are added by the benchmark through the worker.\n');
  return out;
}

async function tabIdOf(sw, url) {
  return sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
}

export default async function run(options = {}) {
  const fetches = Number(options.fetches ?? 1600);
  const batch = Number(options.batch ?? 20);
  const print = options.print ?? ((line) => console.log(line));
  const { launchBrowser, createFrontend, startServer } =
    await import('../../test/e2e/harness/index.ts');

  const temp = [];
  let built = options.extension ? resolve(options.extension) : resolve(ROOT, 'dist-test');
  if (!existsSync(join(built, 'manifest.json'))) {
    built = buildExtension({ name: 'relax', testBuild: true });
    temp.push(built);
  }
  const lensDir = storeLikeCopy(built);
  const minimalDir = minimalExtension();
  temp.push(lensDir, minimalDir);

  const site = await createFrontend({ host: 'app.localhost' });
  // OPTIONS is not routed (404): a PUT there fails its preflight, which opens 'learning''s window.
  const bare = await startServer({ 'GET /x': { body: 'ok' } });
  const configured = await startServer({
    'GET /x': (req) => ({
      headers: {
        'Access-Control-Allow-Origin': req.header('origin') ?? '',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      },
      body: 'ok',
    }),
  });
  const bareUrl = bare.url('/x', 'api.localhost');
  const configuredUrl = configured.url('/x', 'api.localhost');

  const setups = [
    { name: 'floor', extension: false, url: configuredUrl },
    { name: 'relaxed', extension: lensDir, url: bareUrl },
    { name: 'learning', extension: lensDir, url: bareUrl },
    { name: 'minimalRule', extension: minimalDir, url: bareUrl },
    { name: 'idle', extension: lensDir, url: configuredUrl },
    { name: 'minimalIdle', extension: minimalDir, url: configuredUrl },
    // The same setup twice: their ratio is this machine's noise between two browsers.
    { name: 'minimalIdle2', extension: minimalDir, url: configuredUrl },
  ];
  const browsers = [];
  try {
    for (const s of setups) {
      const browser = await launchBrowser({ extension: s.extension });
      browsers.push(browser);
      const page = await browser.newPage();
      await site.open(page);
      s.page = page;
      s.samples = [];
      s.cpu = [];
      s.pid = browserPid(browser.profileDir);
      if (s.name === 'relaxed' || s.name === 'learning') {
        const sw = await browser.serviceWorker();
        const tabId = await tabIdOf(sw, page.url());
        // 'learning': the window a failure opens must stay open through the run.
        if (s.name === 'learning') {
          await sw.evaluate(() => globalThis.corsLens.setLearningWindowMs(60 * 60_000));
        }
        const reply = await sw.evaluate(
          (data) => globalThis.corsLens.dispatch({ type: 'createOverride', data }),
          { site: site.origin, duration: 60, tabId },
        );
        if (!reply.ok) throw new Error(`could not relax: ${reply.error.message}`);
        s.worker = sw;
      }
      if (s.name === 'minimalRule') {
        const sw = await browser.serviceWorker();
        const tabId = await tabIdOf(sw, page.url());
        await sw.evaluate(
          ({ tabId, origin, port }) =>
            chrome.declarativeNetRequest.updateSessionRules({
              addRules: [
                {
                  id: 1,
                  priority: 1,
                  condition: {
                    tabIds: [tabId],
                    urlFilter: `|http://api.localhost:${port}/`,
                    resourceTypes: ['xmlhttprequest'],
                  },
                  action: {
                    type: 'modifyHeaders',
                    responseHeaders: [
                      { header: 'Access-Control-Allow-Origin', operation: 'set', value: origin },
                      {
                        header: 'Access-Control-Allow-Credentials',
                        operation: 'set',
                        value: 'true',
                      },
                    ],
                  },
                },
              ],
            }),
          { tabId, origin: site.origin, port: bare.port },
        );
      }
    }

    /** Milliseconds per fetch, for `n` sequential credentialed fetches timed together. */
    const timeBatch = (s, n) =>
      s.page.evaluate(
        async ({ url, n }) => {
          const start = performance.now();
          for (let i = 0; i < n; i++) {
            const res = await fetch(url, { credentials: 'include', cache: 'no-store' });
            if ((await res.text()) !== 'ok') throw new Error('unexpected body');
          }
          return (performance.now() - start) / n;
        },
        { url: s.url, n },
      );

    // A failed request on the measured path: its window watches every request measured there.
    const learning = setups.find((s) => s.name === 'learning');
    const failed = await learning.page.evaluate(
      (url) =>
        fetch(url, { method: 'PUT', credentials: 'include' }).then(
          () => 'passed',
          () => 'failed',
        ),
      bareUrl,
    );
    if (failed !== 'failed') throw new Error('the PUT meant to open a learning window passed');
    const openWindow = async (s) => {
      for (let i = 0; i < 100; i++) {
        if ((await s.worker.evaluate(() => globalThis.corsLens.learningTabs())).length > 0) return;
        await s.page.waitForTimeout(50);
      }
      throw new Error('the learning window did not open');
    };
    await openWindow(learning);
    for (const s of setups) await timeBatch(s, 50); // warm up: connections, caches, JIT
    const relaxed = setups.find((s) => s.name === 'relaxed');
    if ((await relaxed.worker.evaluate(() => globalThis.corsLens.learningTabs())).length > 0) {
      throw new Error('a learning window is open right after relaxing');
    }
    const rounds = Math.max(1, Math.round(fetches / batch));
    for (let r = 0; r < rounds; r++) {
      // Alternate the order too, so no setup always runs right after the same neighbour.
      const order = r % 2 === 0 ? setups : [...setups].reverse();
      for (const s of order) {
        const cpu = treeCpuMs(s.pid);
        s.samples.push(await timeBatch(s, batch));
        const used = treeCpuMs(s.pid);
        if (cpu !== undefined && used !== undefined) s.cpu.push(used - cpu);
      }
    }
    await openWindow(learning); // still open: the run measured what it says

    const ms = Object.fromEntries(setups.map((s) => [s.name, median(s.samples)]));
    const by = Object.fromEntries(setups.map((s) => [s.name, s.samples]));
    // Ratios are medians of per-round ratios: the two batches of a round ran seconds apart, so
    // whatever else the machine was doing weighs on both.
    const paired = (a, b) => median(by[a].map((x, i) => x / by[b][i]));
    const ratios = {
      relaxedVsFloor: paired('relaxed', 'floor'),
      relaxedVsMinimal: paired('relaxed', 'minimalRule'),
      idleVsMinimal: paired('idle', 'minimalIdle'),
      learningVsMinimal: paired('learning', 'minimalRule'),
      noise: paired('minimalIdle2', 'minimalIdle'),
    };
    // CPU per request: each setup's total over the run (10 ms ticks add up over the batches).
    const cpuPerRequest = Object.fromEntries(
      setups.map((s) => [
        s.name,
        s.cpu.length === rounds ? s.cpu.reduce((a, b) => a + b, 0) / (rounds * batch) : NaN,
      ]),
    );
    const cpuRatio = (a, b) => cpuPerRequest[a] / cpuPerRequest[b];
    const cpuRatios = {
      relaxedVsMinimal: cpuRatio('relaxed', 'minimalRule'),
      idleVsMinimal: cpuRatio('idle', 'minimalIdle'),
      learningVsMinimal: cpuRatio('learning', 'minimalRule'),
      noise: cpuRatio('minimalIdle2', 'minimalIdle'),
    };
    print(`relax: ${rounds} rounds × ${batch} sequential credentialed fetches per setup`);
    print('  median ms per request (wall), browser CPU ms per request (all its processes):');
    for (const s of setups) {
      print(
        `  ${s.name.padEnd(12)} ${ms[s.name].toFixed(3)} ms/request  ` +
          `${Number.isNaN(cpuPerRequest[s.name]) ? 'n/a' : cpuPerRequest[s.name].toFixed(3)} ms CPU`,
      );
    }
    print(
      `  CPU ratios: relaxed / minimalRule ${cpuRatios.relaxedVsMinimal.toFixed(3)}, ` +
        `idle / minimalIdle ${cpuRatios.idleVsMinimal.toFixed(3)}, ` +
        `learning / minimalRule ${cpuRatios.learningVsMinimal.toFixed(3)}, ` +
        `minimalIdle2 / minimalIdle ${cpuRatios.noise.toFixed(3)}`,
    );
    print('  ratios (wall, median of per-round ratios):');
    print(
      `  relaxed / floor        ${ratios.relaxedVsFloor.toFixed(3)}  (DNR floor, ≈1.3 expected)`,
    );
    print(
      `  relaxed / minimalRule  ${ratios.relaxedVsMinimal.toFixed(3)}  (right after relaxing and ` +
        `after: goal ≤ ${GOALS.relaxedVsMinimal}; issue 9 ≤ ${GOALS.afterRelaxVsMinimal})`,
    );
    print(
      `  idle / minimalIdle     ${ratios.idleVsMinimal.toFixed(3)}  (goal ≤ ${GOALS.idleVsMinimal})`,
    );
    print(
      `  learning / minimalRule ${ratios.learningVsMinimal.toFixed(3)}  (informational: every ` +
        'request on the path a failure opened a learning window for)',
    );
    print(
      `  minimalIdle2 / minimalIdle ${ratios.noise.toFixed(3)}  (two identical browsers: the noise)`,
    );
    // Two identical browsers differ by `band` on this machine: a ratio inside it cannot be told
    // from 1. A goal counts as met when the ratio is under the goal or inside the band.
    const band = Math.abs(1 - ratios.noise);
    const meets = (ratio, goal) => ratio <= goal || ratio <= 1 + band;
    const ok =
      meets(ratios.relaxedVsMinimal, GOALS.relaxedVsMinimal) &&
      meets(ratios.idleVsMinimal, GOALS.idleVsMinimal);
    print(
      `  ${ok ? 'goals met' : 'GOALS MISSED'} (noise band ±${(band * 100).toFixed(1)} %: ` +
        'rerun on a quiet machine for tighter numbers)',
    );
    return { ok, ms, ratios, cpuPerRequest, cpuRatios };
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    await Promise.all([site.close(), bare.close(), configured.close()]);
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `npx tsx scripts/bench/relax.mjs [--fetches N]` (the harness is TypeScript).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const result = await run({
    fetches: opt('fetches'),
    batch: opt('batch'),
    extension: opt('extension'),
  });
  process.exitCode = result.ok ? 0 : 1;
}
