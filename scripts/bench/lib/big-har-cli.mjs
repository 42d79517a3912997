// The streaming CLI on a large generated HAR (`--streamMb`, default 300): wall time against
// `JSON.parse` of the same file, and peak memory (RSS), each in its own process so they do not
// share a heap. Goal: ≤ 2× JSON.parse, ≤ 512 MB peak, and the verdict counts the file was built with.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigHar } from './big-har.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const TIME_GOAL = 2;
export const RSS_GOAL = 512 * 1024 * 1024;

function measured(args, rssFile) {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=512',
      '--import',
      join(root, 'scripts/bench/lib/report-rss.mjs'),
      ...args,
    ],
    {
      cwd: root,
      env: { ...process.env, CORS_LENS_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 4 * 1024 * 1024 * 1024,
    },
  );
  const wall = performance.now() - start;
  const { rss, cpuMs } = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { wall, cpu: cpuMs, rss, status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

export async function runBigHar({ mb, print }) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.cli.config.ts'],
    { cwd: root, stdio: 'pipe' },
  );
  const path = join(tmpdir(), `cors-lens-bench-${process.pid}.har`);
  const rssFile = `${path}.rss`;
  try {
    const big = await writeBigHar(path, mb * 1e6);
    const parse = measured(
      ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(path)}, 'utf8'))`],
      rssFile,
    );
    const text = measured([join(root, 'bin/cors-lens.mjs'), 'explain', path], rssFile);
    const json = measured([join(root, 'bin/cors-lens.mjs'), 'explain', path, '--json'], rssFile);
    const blocked = (json.stdout.toString().match(/\n {6}"verdict": "blocked"/g) ?? []).length;
    const headline = text.stdout.toString().split('\n', 1)[0];
    const countsOk =
      blocked === big.expected.blocked && headline.includes(`${big.expected.blocked} blocked`);
    const mib = (b) => `${(b / 1048576).toFixed(0)} MiB`;
    print(
      `har-explain (streaming CLI): ${(big.bytes / 1e6).toFixed(0)} MB, ${big.entries} entries, ${big.exchanges} exchanges`,
    );
    print(
      `  JSON.parse (own process)        ${parse.wall.toFixed(0).padStart(7)} ms wall ${parse.cpu.toFixed(0).padStart(7)} ms cpu  peak ${mib(parse.rss)}${parse.status === 0 ? '' : ' (failed with a 512 MB heap)'}`,
    );
    for (const [label, r] of [
      ['cors-lens explain (text)', text],
      ['cors-lens explain --json', json],
    ]) {
      print(
        `  ${label.padEnd(31)}${r.wall.toFixed(0).padStart(7)} ms wall ${r.cpu.toFixed(0).padStart(7)} ms cpu  peak ${mib(r.rss)}  exit ${r.status}  ratio wall ${(r.wall / parse.wall).toFixed(2)}, cpu ${(r.cpu / parse.cpu).toFixed(2)}`,
      );
    }
    print(
      `  blocked: ${blocked} in --json, expected ${big.expected.blocked}: ${countsOk ? 'same' : 'DIFFERENT'}`,
    );
    // CPU time: the least disturbed by other jobs on a shared machine (wall is printed too).
    const ratio = Math.max(text.cpu, json.cpu) / parse.cpu;
    const ok =
      countsOk &&
      text.status === 0 &&
      json.status === 0 &&
      Math.max(text.rss, json.rss) <= RSS_GOAL;
    print(
      `  CLI / JSON.parse = ${ratio.toFixed(2)} (cpu) (goal ≤ ${TIME_GOAL}), peak ${mib(Math.max(text.rss, json.rss))} (goal ≤ 512 MiB): ${ok && ratio <= TIME_GOAL ? 'PASS' : 'FAIL'}`,
    );
    return {
      ok: ok && ratio <= TIME_GOAL,
      ratio,
      rss: Math.max(text.rss, json.rss),
      parseRss: parse.rss,
    };
  } finally {
    rmSync(path, { force: true });
    rmSync(rssFile, { force: true });
  }
}
