// `npm start` as a newcomer runs it: it must come up, drive real traffic, and leave nothing behind
// on Ctrl-C. Spawned headless with --no-build on the test build, on free ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import {
  DEFAULT_EXTENSION_DIR,
  REPO_ROOT,
  TEST_EXTENSION_ID,
  startServer,
} from './harness/index.ts';

const START = join(REPO_ROOT, 'scripts', 'start.mjs');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];
afterEach(() => {
  // A failed assertion must not leave a browser running.
  for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});

function start(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [START, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const run = { child, output: () => text, exited };
  runs.push(run);
  return run;
}

async function waitForLine(run: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
    if (Date.now() > deadline)
      throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Processes whose command line mentions `needle` (the run's temp folder). */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const field = (text: string, name: string) =>
  new RegExp(`^\\s+${name}\\s+(\\S+)`, 'm').exec(text)?.[1] ?? '';

test('npm start --headless comes up, runs the demo, and stops cleanly on Ctrl-C', async () => {
  const run = start([
    '--headless',
    '--no-build',
    '--extension',
    DEFAULT_EXTENSION_DIR,
    '--frontend-port',
    '0',
    '--api-port',
    '0',
  ]);
  await waitForLine(run, /^ready/m, 45_000);
  const out = run.output();

  const frontend = field(out, 'demo frontend');
  const api = field(out, 'demo API');
  const profile = field(out, 'profile');
  const pid = Number(/\(pid (\d+)/.exec(out)?.[1]);
  const temp = join(profile, '..');
  expect(field(out, 'extension id')).toBe(TEST_EXTENSION_ID);
  expect(out).toMatch(/demo run\s+11 requests: 1 succeeded, 10 blocked/);

  // The demo answers, and the browser is up under its own temporary profile.
  expect(await (await fetch(frontend)).text()).toContain('CORS Lens demo');
  expect((await fetch(`${api}/api/todos`)).status).toBe(200);
  expect(() => process.kill(pid, 0)).not.toThrow();
  expect(processesMentioning(temp).length).toBeGreaterThan(1);

  const stoppedAt = Date.now();
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  // A bound for a hang, not a speed check (a busy machine shuts servers down slowly too).
  expect(Date.now() - stoppedAt).toBeLessThan(20_000);
  expect(run.output()).toMatch(/stopped\.\s*$/);

  expect(() => process.kill(pid, 0)).toThrow();
  expect(processesMentioning(temp)).toEqual([]);
  expect(existsSync(temp)).toBe(false);
  await expect(fetch(frontend)).rejects.toThrow();
});

test('a taken demo port stops it before any browser starts, saying what to do', async () => {
  const squatter = await startServer();
  try {
    const run = start([
      '--headless',
      '--extension',
      DEFAULT_EXTENSION_DIR,
      '--api-port',
      String(squatter.port),
    ]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`Port ${squatter.port} (demo API) is already in use`);
    expect(run.output()).not.toMatch(/^ready/m);
  } finally {
    await squatter.close();
  }
});

test('a missing Chromium is reported with where to get one', async () => {
  const run = start(['--headless', '--no-build'], { CHROME_PATH: '/nonexistent/chromium' });
  expect(await run.exited).toBe(1);
  expect(run.output()).toContain('CHROME_PATH is set to /nonexistent/chromium');
});
