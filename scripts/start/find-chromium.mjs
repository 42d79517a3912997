// Where Chromium-family browsers usually live. `--load-extension` works in Chromium and Chrome for
// Testing; branded Google Chrome ignores it since version 137, so Chromium comes first.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** @param {NodeJS.ProcessEnv} env */
function windowsApps(env) {
  const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean);
  return roots.flatMap((root) => [
    join(/** @type {string} */ (root), 'Chromium', 'Application', 'chrome.exe'),
    join(/** @type {string} */ (root), 'Google', 'Chrome', 'Application', 'chrome.exe'),
  ]);
}

/** @param {string} name @param {NodeJS.ProcessEnv} env */
function onPath(name, env) {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
}

/**
 * Every place looked at, in order: CHROME_PATH, then the usual names and install locations.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform }} [options]
 */
export function chromiumCandidates({ env = process.env, platform = process.platform } = {}) {
  /** @type {string[]} */
  const candidates = env.CHROME_PATH ? [env.CHROME_PATH] : [];
  if (platform === 'darwin') candidates.push(...MAC_APPS);
  else if (platform === 'win32') candidates.push(...windowsApps(env));
  else {
    candidates.push('/usr/bin/chromium');
    for (const name of LINUX_NAMES) candidates.push(...onPath(name, env));
    candidates.push('/snap/bin/chromium');
  }
  return [...new Set(candidates)];
}

/**
 * The first Chromium that exists. Throws a message that lists where it looked and what to do.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform }} [options]
 */
export function findChromium(options = {}) {
  const env = options.env ?? process.env;
  if (env.CHROME_PATH && !existsSync(env.CHROME_PATH)) {
    throw new Error(`CHROME_PATH is set to ${env.CHROME_PATH}, which does not exist.`);
  }
  const candidates = chromiumCandidates(options);
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    [
      'No Chromium found. Looked at:',
      ...candidates.map((path) => `  ${path}`),
      'Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a',
      'Chromium or Chrome for Testing binary. (Branded Google Chrome 137+ ignores --load-extension.)',
    ].join('\n'),
  );
}
