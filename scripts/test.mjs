#!/usr/bin/env node
// `npm test`: the unit and the end-to-end suites side by side, not one after the other. The
// end-to-end files spend most of their time waiting on browsers, servers and service-worker restarts,
// so on two cores run in sequence about one core sat idle for the two minutes of the end-to-end run
// (test/README.md, "Where the time goes"); the unit tests are pure CPU and fill it. Each suite keeps
// its own config, workers and output: every line is prefixed with the suite it comes from, and the
// run fails if either suite fails.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * npm scripts (package.json), each a suite of its own. The unit tests yield the CPU to the
 * end-to-end run (a higher nice value, inherited by their workers): the end-to-end files wait on
 * fixed-length events (learning windows, worker restarts) and are the longer part, so they set the
 * pace, and the unit tests take the cycles they leave. Once the end-to-end run is over, the unit
 * tests get their priority back (where the system allows it): niced beside other CPU-bound work
 * they got a small share of the machine and ran two minutes past the end-to-end suite. Nice 5 and
 * 10 measured the same for the end-to-end suite (136 s both, at the same load).
 */
const SUITES = [
  { name: 'e2e', script: 'test:e2e', nice: 0 },
  { name: 'unit', script: 'test:unit', nice: 5 },
];
const width = Math.max(...SUITES.map((s) => s.name.length));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);

/**
 * Copies a child's output line by line with a prefix, so two suites' lines never mix mid-line.
 * @param {import('node:stream').Readable} from
 * @param {NodeJS.WriteStream} to
 * @param {string} prefix
 */
function relay(from, to, prefix) {
  let pending = '';
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    if (lines.length) to.write(lines.map((line) => prefix + line + '\n').join(''));
  });
  from.on('end', () => {
    if (pending) to.write(prefix + pending + '\n');
  });
}

/** @type {{ child: import('node:child_process').ChildProcess, nice: number }[]} */
const children = [];

/**
 * @param {{ name: string, script: string, nice: number }} suite
 * @returns {Promise<{ name: string, code: number, seconds: number }>}
 */
function run(suite) {
  const child = spawn(npm, ['run', '--silent', suite.script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push({ child, nice: suite.nice });
  // Before npm starts the suite (it takes a while to load): the processes it starts inherit it.
  try {
    if (suite.nice && child.pid) setPriority(child.pid, suite.nice);
  } catch {
    // Already gone: its exit code tells.
  }
  const prefix = `${suite.name.padEnd(width)} │ `;
  relay(child.stdout, process.stdout, prefix);
  relay(child.stderr, process.stderr, prefix);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`${prefix}could not start npm run ${suite.script}: ${error.message}\n`);
      resolve({ name: suite.name, code: 1, seconds: seconds() });
    });
    child.on('close', (code, signal) =>
      resolve({ name: suite.name, code: code ?? (signal ? 1 : 0), seconds: seconds() }),
    );
  });
}

// Ctrl-C reaches the children through the terminal; a SIGTERM (CI cancelling) must be passed on.
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    for (const { child } of children) child.kill(signal);
  });
}

/**
 * Every process descended from `root` and every thread of each (on Linux a nice value belongs to
 * a thread, and vitest's workers are threads).
 * @param {number} root
 */
function threadsUnder(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const threads = [];
  for (const pids = [root]; pids.length;) {
    const pid = /** @type {number} */ (pids.pop());
    pids.push(...(children.get(pid) ?? []));
    try {
      threads.push(...readdirSync(`/proc/${pid}/task`).map(Number));
    } catch {
      // exited meanwhile
    }
  }
  return threads;
}

/**
 * Gives a niced suite's threads their priority back; threads that set their own are left alone.
 * @param {{ child: import('node:child_process').ChildProcess, nice: number }} suite
 */
function restorePriority({ child, nice }) {
  if (!nice || process.platform !== 'linux' || !child.pid || child.exitCode !== null) return;
  let restored = 0;
  for (const tid of threadsUnder(child.pid)) {
    try {
      if (getPriority(tid) !== nice) continue;
      setPriority(tid, 0);
      restored++;
    } catch {
      // Not allowed to raise a priority (no CAP_SYS_NICE), or gone: the suite stays niced.
    }
  }
  process.stdout.write(`npm test: ${restored} threads back to normal priority\n`);
}

const runs = SUITES.map(run);
// When the first suite is done, the other one no longer has anything to yield to.
void Promise.race(runs).then(() => children.forEach(restorePriority));
const results = await Promise.all(runs);
const summary = results
  .map(
    (r) => `${r.name} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} after ${r.seconds} s`,
  )
  .join(', ');
const failed = results.some((r) => r.code !== 0);
(failed ? process.stderr : process.stdout).write(`\nnpm test: ${summary}; ${seconds()} s in all\n`);
process.exitCode = failed ? 1 : 0;
