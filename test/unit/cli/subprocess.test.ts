/**
 * The real command: built by the same vite config `npm install` runs (the `prepare` script), started
 * through bin/cors-lens.mjs as a child process, as `npx cors-lens` would.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/cors-lens.mjs');
const fixture = (name: string) => join(root, 'test/fixtures/har', name);

function cli(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// dist-cli/ is built once for the run: test/setup/build-cli.ts (vitest.config.ts, project cli).
describe('cors-lens (built, as a subprocess)', () => {
  it('explains a HAR file and exits 0', () => {
    const r = cli(['explain', fixture('chrome-mixed.har')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/15 cross-origin requests, 10 blocked, 4 allowed, 1 network error/);
    expect(r.stdout).toMatch(/reason\s+MissingAllowOriginHeader/);
    // Not a terminal: no colour codes.
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stderr).toBe('');
  });

  it('prints the JSON report with options after the file', () => {
    const r = cli(['explain', fixture('chrome-blocked.har'), '--json', '--fail-on-blocked']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      exchanges: Record<string, unknown>[];
      errors: unknown[];
    };
    expect(Object.keys(report)).toEqual(['exchanges', 'errors']);
    expect(report.exchanges).toHaveLength(11);
    expect(Object.keys(report.exchanges[0]!)).toEqual([
      'url',
      'finalUrl',
      'method',
      'verdict',
      'reason',
      'failedParameter',
      'preflight',
      'summary',
      'fixes',
      // Added by --fixes (default 3): how many ranked fixes were left out.
      'fixesOmitted',
    ]);
    expect(report.exchanges[0]).toMatchObject({
      verdict: 'blocked',
      reason: 'MissingAllowOriginHeader',
    });
    expect(report.exchanges[0]!.fixes).toHaveLength(3);
    expect(report.exchanges[0]!.fixesOmitted).toBeGreaterThan(0);
  });

  it('reads standard input', () => {
    const r = cli(['explain', '-', '--json'], readFileSync(fixture('firefox-mixed.har'), 'utf8'));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { exchanges: { verdict: string }[] };
    expect(report.exchanges.map((e) => e.verdict)).toEqual([
      'allowed',
      'blocked',
      'blocked',
      'allowed',
    ]);
  });

  it('exits 2 with a clear message for a missing file, a bad option or a non-HAR file', () => {
    const missing = cli(['explain', 'no-such-file.har']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cors-lens: cannot read no-such-file.har: no such file.\n');
    const option = cli(['explain', fixture('chrome-mixed.har'), '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/unknown option --colour/);
    const html = cli(['explain', fixture('malformed-not-json.har')]);
    expect(html.code).toBe(2);
    expect(html.stderr).toMatch(/not a HAR file/);
    const cut = cli(['explain', fixture('malformed-truncated.har')]);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toMatch(/INPUT PROBLEMS/);
  });

  it('answers --help and --version', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cors-lens explain FILE\.har \[options\]/);
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(cli(['--version']).stdout).toBe(`${version}\n`);
  });

  it('colours output when asked to, and respects NO_COLOR', () => {
    expect(
      cli(['explain', fixture('chrome-blocked.har')], undefined, { FORCE_COLOR: '1' }).stdout,
    ).toContain('\u001b[31m');
    expect(
      cli(['explain', fixture('chrome-blocked.har')], undefined, {
        FORCE_COLOR: '1',
        NO_COLOR: '1',
      }).stdout,
    ).not.toContain('\u001b[');
  });

  it('says how to build it when the build is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lens-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(bin, join(dir, 'bin/cors-lens.mjs'));
      copyFileSync(join(root, 'bin/node-io.mjs'), join(dir, 'bin/node-io.mjs'));
      copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
      const r = spawnSync(process.execPath, [join(dir, 'bin/cors-lens.mjs'), '--help'], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not built yet .*\nBuild it with: npm run build:cli/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
