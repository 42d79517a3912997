// Benchmark: what relaxing CORS costs per request, in real Chromium on loopback. Five browsers, one
// run, measured alternately (round-robin batches, so drift hits every setup alike):
//   floor        no extension, the API sends correct CORS headers itself
//   relaxed      CORS Lens with an override on the tab, API without CORS headers (between
//                learning windows: the steady state of a relaxed tab)
//   learning     the same during a learning window (the minutes after a page load or a failure,
//                when a per-request webRequest listener watches for preflights to learn from)
//   minimalRule  a minimal hand-written extension holding one DNR session rule, same API
//   idle         CORS Lens installed, no override for the tab, API with correct headers
//   minimalIdle  the minimal extension with no rule, API with correct headers
// Printed: median time per sequential credentialed fetch, and the ratios
//   relaxed / floor (the DNR floor: ≈1.3 for any extension with the declarativeNetRequest permission),
//   relaxed / minimalRule and idle / minimalIdle (goal ≤ 1.02: CORS Lens adds nothing on top),
//   learning / minimalRule (informational: what a learning window costs), and the ratio of two
//   identical setups (minimalIdle2 / minimalIdle), this machine's noise between two browsers.
// CORS Lens runs with the store build's permissions plus host access granted up front (the test
// build without `declarativeNetRequestFeedback` and `debugger`, which a store install lacks).
// Run: npm run bench relax [-- --fetches 1000 --batch 20 --extension dist-test]
//  or: npx tsx scripts/bench/relax.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib/timing.mjs';

export const description =
  'Relax: per-request cost of a CORS Lens override and of CORS Lens idle, vs no extension and a minimal DNR extension';

export const GOALS = { relaxedVsMinimal: 1.02, idleVsMinimal: 1.02, learningVsMinimal: 1.05 };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function buildTestBuild() {
  const out = mkdtempSync(join(tmpdir(), 'cors-lens-bench-relax-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
    {
      cwd: ROOT,
      env: { ...process.env, OUT_DIR: out, CORS_LENS_TEST_BUILD: '1' },
      stdio: 'inherit',
    },
  );
  return out;
}

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
    built = buildTestBuild();
    temp.push(built);
  }
  const lensDir = storeLikeCopy(built);
  const minimalDir = minimalExtension();
  temp.push(lensDir, minimalDir);

  const site = await createFrontend({ host: 'app.localhost' });
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
      if (s.name === 'relaxed' || s.name === 'learning') {
        const sw = await browser.serviceWorker();
        const tabId = await tabIdOf(sw, page.url());
        // 'relaxed' is measured after its learning window closed (1 s here instead of minutes).
        if (s.name === 'relaxed') {
          await sw.evaluate(() => globalThis.corsLens.setLearningWindowMs(1000));
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

    for (const s of setups) await timeBatch(s, 50); // warm up: connections, caches, JIT
    const steady = setups.find((s) => s.name === 'relaxed');
    await steady.page.waitForTimeout(1200);
    const stillLearning = await steady.worker.evaluate(() => globalThis.corsLens.learningTabs());
    if (stillLearning.length > 0) throw new Error('the learning window did not close');
    const learning = setups.find((s) => s.name === 'learning');
    if ((await learning.worker.evaluate(() => globalThis.corsLens.learningTabs())).length !== 1) {
      throw new Error('the learning window is not open');
    }
    const rounds = Math.max(1, Math.round(fetches / batch));
    for (let r = 0; r < rounds; r++) {
      // Alternate the order too, so no setup always runs right after the same neighbour.
      const order = r % 2 === 0 ? setups : [...setups].reverse();
      for (const s of order) s.samples.push(await timeBatch(s, batch));
    }

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
    print(`relax: ${rounds} rounds × ${batch} sequential credentialed fetches per setup`);
    print('  median ms per request:');
    for (const s of setups) print(`  ${s.name.padEnd(12)} ${ms[s.name].toFixed(3)} ms/request`);
    print('  ratios (median of per-round ratios):');
    print(
      `  relaxed / floor        ${ratios.relaxedVsFloor.toFixed(3)}  (DNR floor, ≈1.3 expected)`,
    );
    print(
      `  relaxed / minimalRule  ${ratios.relaxedVsMinimal.toFixed(3)}  (goal ≤ ${GOALS.relaxedVsMinimal})`,
    );
    print(
      `  idle / minimalIdle     ${ratios.idleVsMinimal.toFixed(3)}  (goal ≤ ${GOALS.idleVsMinimal})`,
    );
    print(
      `  learning / minimalRule ${ratios.learningVsMinimal.toFixed(3)}  (during a learning window; ` +
        `issue 9 goal ≤ ${GOALS.learningVsMinimal}, not met in quiet runs: 1.12–1.16; noisy when busy)`,
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
    return { ok, ms, ratios };
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
