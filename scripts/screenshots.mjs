#!/usr/bin/env node
// Screenshots of the CORS panel for docs/, from a real run: Debian's Chromium with the built
// extension, DevTools opened on a loopback page, real requests to loopback APIs, captured from the
// DevTools window itself (the panel as users see it, DevTools' own tabs included).
//
//   npm run build:test && node scripts/screenshots.mjs [--extension DIR] [--out docs]
//     [--free-ports] [--extra]
//
// Writes docs/panel-list.png, panel-preflight-detail.png, panel-dark.png, panel-narrow.png,
// panel-what-if.png, panel-blocked-fix.png (a blocked request: its reason and the Express fix) and
// panel-server-fix.png (a relaxed request: "Server fix for what this override does"). --extra also
// writes that view dark and narrow, to look at; --free-ports does not try the demo's ports. Look
// at them after a change to the panel: the script only takes them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const harness = await import('../test/e2e/harness/index.ts');
const { TargetSessions } = await import('../test/e2e/harness/target-sessions.ts');
const { startPanelScenario, runPanelScenario } = await import('../test/e2e/panel-scenario.ts');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1] ?? true]);
    return pairs;
  }, []),
);
const outDir = resolve(args.out ?? 'docs');
mkdirSync(outDir, { recursive: true });

// DevTools keeps its settings in the profile: start undocked (the panel gets the whole window) in
// the light theme; the dark shot switches the theme live, as a user would in DevTools' settings.
const profileDir = mkdtempSync(join(tmpdir(), 'cors-lens-shots-'));
mkdirSync(join(profileDir, 'Default'), { recursive: true });
writeFileSync(
  join(profileDir, 'Default', 'Preferences'),
  JSON.stringify({
    devtools: { preferences: { currentDockState: '"undocked"', 'ui-theme': '"default"' } },
  }),
);

const browser = await harness.launchBrowser({
  devtools: true,
  profileDir,
  ...(args.extension ? { extension: resolve(args.extension) } : {}),
});
// tsx compiles with esbuild's keepNames, which wraps functions in `__name(...)`; functions sent to
// a page or a DevTools frame (page.evaluate) then need that helper there too.
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';
await browser.context.addInitScript(NAME_SHIM);
const scenario = await startPanelScenario(
  args['free-ports'] ? {} : { site: 5173, api: 3000, auth: 8080 },
);
try {
  const page = await browser.newPage();
  const devtools = browser.devtools(page);
  const panel = await devtools.showPanel();
  const sessions = await TargetSessions.open(browser.context);
  const frontend = await frontendOf(sessions, devtools.targetId);
  await panel.evaluate(NAME_SHIM);
  await frontend.evaluate(NAME_SHIM);
  await scenario.site.open(page);
  const expected = await runPanelScenario(page, scenario);
  await panel.waitFor(
    (n) => document.querySelectorAll('[role=option]').length >= n,
    expected.length,
    15_000,
  );

  await clickRow(panel, scenario.url('/api/orders/7'));
  await tab(panel, 'Why');
  await size(frontend, 1200, 900);
  await shot(frontend, 'panel-preflight-detail.png');

  await tab(panel, 'What if');
  await panel.evaluate(() =>
    [...document.querySelectorAll('.what-if-actions button')]
      .find((b) => b.textContent.startsWith('Suggest'))
      .click(),
  );
  await size(frontend, 1200, 560);
  await shot(frontend, 'panel-what-if.png');

  await setDevtoolsTheme(frontend, 'dark');
  await panel.waitFor(() => document.documentElement.dataset.theme === 'dark', undefined, 5000);
  await clickRow(panel, scenario.url('/api/me'));
  await tab(panel, 'Fixes');
  await size(frontend, 1200, 760);
  await shot(frontend, 'panel-dark.png');
  await setDevtoolsTheme(frontend, 'default');
  await panel.waitFor(() => document.documentElement.dataset.theme === 'light', undefined, 5000);

  // A narrow DevTools docked to the side: the list goes above the detail.
  await clickRow(panel, scenario.url('/api/orders/7'));
  await tab(panel, 'Why');
  await size(frontend, 380, 760);
  await shot(frontend, 'panel-narrow.png');

  // A blocked request, its reason and the fix for the stack its headers show (Express).
  await clickRow(panel, scenario.url('/api/users'));
  await tab(panel, 'Fixes');
  await panel.evaluate(() =>
    [...document.querySelectorAll('.stack-picker [role=tab]')]
      .find((t) => t.textContent.startsWith('Express'))
      .click(),
  );
  await size(frontend, 1200, 760);
  await shot(frontend, 'panel-blocked-fix.png');

  // Last, the relax button for real, then the request again: it passes, and the list says why.
  await panel.evaluate(() => document.querySelector('.relax-button').click());
  await panel.waitFor(() => document.querySelector('.relax-done')?.textContent, undefined, 10_000);
  await harness.fetchFromPage(page, scenario.url('/api/users'));
  await panel.waitFor(
    (n) => document.querySelectorAll('[role=option]').length > n,
    expected.length,
    10_000,
  );

  // The relaxed request's Fixes tab: the server config that makes the override unnecessary.
  await clickRow(panel, scenario.url('/api/users'));
  await tab(panel, 'Fixes');
  const showServerFix = () =>
    panel.evaluate(() => {
      document.querySelector('.server-fix').scrollIntoView();
      document.querySelector('.detail-body').scrollTop -= 8; // its top edge in sight
    });
  await showServerFix();
  await shot(frontend, 'panel-server-fix.png');
  if (args.extra) {
    await size(frontend, 380, 760);
    await showServerFix();
    await shot(frontend, 'panel-server-fix-narrow.png');
    await size(frontend, 1200, 760);
    await setDevtoolsTheme(frontend, 'dark');
    await panel.waitFor(() => document.documentElement.dataset.theme === 'dark', undefined, 5000);
    await showServerFix();
    await shot(frontend, 'panel-server-fix-dark.png');
    await setDevtoolsTheme(frontend, 'default');
    await panel.waitFor(() => document.documentElement.dataset.theme === 'light', undefined, 5000);
  }
  await panel.evaluate(() => document.querySelector('.detail .icon-button').click());

  await size(frontend, 1200, 330);
  await shot(frontend, 'panel-list.png');
  console.log(`screenshots written to ${outDir}`);
} finally {
  await scenario.close();
  await browser.close();
  // A profile folder passed in is kept by the harness: this one is ours to remove.
  rmSync(profileDir, { recursive: true, force: true });
}

async function frontendOf(sessions, devtoolsPageTargetId) {
  const target = (await sessions.targets()).find((t) => t.targetId === devtoolsPageTargetId);
  if (!target?.parentId) throw new Error('no DevTools window for the devtools page');
  return sessions.attach(target.parentId);
}

async function size(frontend, width, height) {
  await frontend.send('Emulation.setDeviceMetricsOverride', {
    width,
    height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  // Let the panel's layout (and its resize observer) settle.
  await new Promise((r) => setTimeout(r, 300));
}

async function shot(frontend, name) {
  const { data } = await frontend.send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(join(outDir, name), Buffer.from(data, 'base64'));
}

async function clickRow(panel, url) {
  const found = await panel.evaluate((u) => {
    const row = [...document.querySelectorAll('[role=option]')].findLast((r) => r.title === u);
    row?.click();
    return Boolean(row);
  }, url);
  if (!found) throw new Error(`no row for ${url}`);
  await panel.waitFor(() => document.querySelector('.detail'));
}

async function tab(panel, name) {
  await panel.evaluate(
    (n) =>
      [...document.querySelectorAll('.tabs [role=tab]')].find((t) => t.textContent === n).click(),
    name,
  );
  await new Promise((r) => setTimeout(r, 150));
}

// DevTools-internal, like the harness's showPanel: Settings → Appearance → Theme.
async function setDevtoolsTheme(frontend, theme) {
  await frontend.evaluate(`(async () => {
    const common = await import('./core/common/common.js');
    common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme)});
  })()`);
}
