#!/usr/bin/env node
// `npm start`: build the extension, start the demo, and open Chromium with the extension loaded and
// DevTools open on the demo page. Ctrl-C stops everything and removes the temporary folders.
//
//   npm start                      build, then a browser window
//   npm start -- --headless        no window: print where things are, click through the demo once
//   options: --no-build  --extension DIR  --frontend-port N  --api-port N  --help
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoPortsFrom, startDemo } from '../demo/server.mjs';
import { launchChromium } from './start/chromium.mjs';
import { findChromium } from './start/find-chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const HELP = `Usage: npm start [-- options]

Builds the extension (vite build → dist/), starts the demo (frontend http://localhost:5173,
API http://localhost:3000) and opens Chromium with CORS Lens loaded and DevTools open.

Options:
  --headless           no window; print the URLs, extension id and profile, run the demo once
  --no-build           skip the build; load --extension, else dist/, else dist-test/
  --extension DIR      unpacked extension to load (default: dist/)
  --frontend-port N    demo frontend port (default 5173, env DEMO_FRONTEND_PORT; 0 = any free)
  --api-port N         demo API port (default 3000, env DEMO_API_PORT; 0 = any free)
  -h, --help           this text

Chromium: CHROME_PATH, else the usual install locations. Ctrl-C stops everything.`;

/** @param {string} message */
function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function options() {
  try {
    return parseArgs({
      options: {
        headless: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        extension: { type: 'string' },
        'frontend-port': { type: 'string' },
        'api-port': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${/** @type {Error} */ (error).message}\n\n${HELP}`);
  }
}

/** @param {{ extension?: string, 'no-build': boolean }} opts */
function extensionSource(opts) {
  if (opts.extension) return resolve(opts.extension);
  if (!opts['no-build']) {
    console.log('Building the extension (vite build → dist/)…');
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    if (!existsSync(vite)) fail('vite is not installed: run npm install (or npm ci) first.');
    const build = spawnSync(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) fail('the build failed (see above).');
    return join(ROOT, 'dist');
  }
  const built = ['dist', 'dist-test'].map((d) => join(ROOT, d));
  const found = built.find((dir) => existsSync(join(dir, 'manifest.json')));
  return (
    found ?? fail('--no-build, but neither dist/ nor dist-test/ holds a build. Run npm run build.')
  );
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(HELP);
    return;
  }
  const headless = opts.headless;
  if (
    !headless &&
    process.platform === 'linux' &&
    !process.env.DISPLAY &&
    !process.env.WAYLAND_DISPLAY
  ) {
    fail('no display here (DISPLAY is not set). Run without a window: npm start -- --headless');
  }

  /** @type {string} */
  let executable;
  try {
    executable = findChromium();
  } catch (error) {
    return fail(/** @type {Error} */ (error).message);
  }
  const source = extensionSource(opts);
  if (!existsSync(join(source, 'manifest.json')))
    fail(`no extension at ${source} (no manifest.json).`);

  /** @type {Awaited<ReturnType<typeof startDemo>>} */
  let demo;
  try {
    demo = await startDemo({
      ...demoPortsFrom(opts),
      log: headless ? undefined : (line) => console.log(line),
    });
  } catch (error) {
    return fail(/** @type {Error} */ (error).message);
  }

  // Chromium writes _metadata/ into the folder it loads: give it a copy, with a fresh profile.
  const temp = mkdtempSync(join(tmpdir(), 'cors-lens-start-'));
  const extensionDir = join(temp, 'extension');
  const profileDir = join(temp, 'profile');
  cpSync(source, extensionDir, { recursive: true });

  const browser = launchChromium({
    executable,
    extensionDir,
    profileDir,
    logFile: join(temp, 'chromium.log'),
    headless,
  });

  let stopping = false;
  /** @param {string} why @param {number} code */
  const stop = async (why, code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping Chromium and the demo…`);
    await browser.close();
    await demo.close();
    rmSync(temp, { recursive: true, force: true });
    console.log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  void browser.exited.then(() => stop('Chromium closed'));

  try {
    const worker = await browser.waitForTarget(
      "the extension's service worker",
      (t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'),
    );
    const extensionId = new URL(worker.url).host;
    // DevTools frames already there belong to the initial blank tab, which openTab closes.
    const inExtension = (/** @type {{ type: string, url: string }} */ t) =>
      t.type === 'iframe' && t.url.startsWith(`chrome-extension://${extensionId}/`);
    const stale = new Set((await browser.targets()).filter(inExtension).map((t) => t.targetId));
    const demoTab = await browser.openTab(demo.frontendUrl);
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));

    console.log('');
    console.log(`CORS Lens ${manifest.version} is running${headless ? ' (headless)' : ''}`);
    console.log(`  demo frontend  ${demo.frontendUrl}`);
    console.log(`  demo API       ${demo.apiUrl}`);
    console.log(`  extension id   ${extensionId}`);
    console.log(`  extension dir  ${extensionDir}  (a copy of ${source})`);
    console.log(`  profile        ${profileDir}`);
    console.log(
      `  chromium       ${executable}  (pid ${browser.pid}, log ${join(temp, 'chromium.log')})`,
    );

    if (headless) {
      // Click through the demo once, after the extension's DevTools page is up, so the traffic is
      // there for it to see.
      await browser.waitForTarget(
        "the extension's DevTools page",
        (t) => inExtension(t) && !stale.has(t.targetId),
      );
      /** @type {Array<{ id: string, outcome: string }>} */
      const results = await browser.evaluate(
        demoTab,
        `(async () => {
          while (!window.demo?.ready) await new Promise((r) => setTimeout(r, 50));
          return window.demo.runAll();
        })()`,
      );
      const blocked = results.filter((r) => r.outcome === 'blocked').length;
      console.log(
        `  demo run       ${results.length} requests: ${results.length - blocked} succeeded, ` +
          `${blocked} blocked (${demo.apiRequests.length} reached the API)`,
      );
    } else {
      console.log('Open DevTools → CORS on the demo tab and click the buttons.');
    }
    console.log('ready. Press Ctrl-C to stop.');
  } catch (error) {
    if (!stopping) {
      console.error(`npm start: ${/** @type {Error} */ (error).message}`);
      const log = readFileSync(join(temp, 'chromium.log'), 'utf8').trim().split('\n');
      console.error(`Chromium's log (last lines):\n${log.slice(-15).join('\n')}`);
      await stop('error', 1);
    }
  }
}

await main();
