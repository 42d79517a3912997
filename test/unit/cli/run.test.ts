import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, HELP, type Engine } from '../../../src/cli/index.ts';
import { diagnose } from '../../../src/cors/index.ts';
import { generateFixes } from '../../../src/fixes/index.ts';
import { fakeIO } from './io.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');
const files = {
  'mixed.har': fixture('chrome-mixed.har'),
  'allowed.har': fixture('chrome-allowed.har'),
  'cut.har': fixture('malformed-truncated.har'),
  'html.har': fixture('malformed-not-json.har'),
};
const ESC = '\u001b[';

describe('runCli', () => {
  it('prints help and version', async () => {
    const io = fakeIO();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toBe(HELP);
    const v = fakeIO();
    expect(await runCli(['--version'], v)).toBe(0);
    expect(v.out()).toBe('9.9.9\n');
  });

  it('explains blocked requests first, with reason, what was sent and answered, and a fix', async () => {
    const io = fakeIO(files);
    expect(await runCli(['explain', 'mixed.har'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(
      /^cors-lens mixed\.har: 15 cross-origin requests, 10 blocked, 4 allowed, 1 network error\n/,
    );
    expect(out).toContain('Skipped entries: 2 same-origin, 1 navigation(s), 1 not CORS');
    const blockedAt = out.indexOf('BLOCKED');
    expect(blockedAt).toBeGreaterThan(0);
    expect(out.indexOf('ALLOWED (4)')).toBeGreaterThan(out.lastIndexOf('BLOCKED'));
    const preflight = out.slice(out.indexOf('PUT http://localhost:3000/api/items/7'));
    expect(preflight).toMatch(/reason\s+PreflightMissingAllowOriginHeader/);
    expect(preflight).toMatch(
      /sent\s+a preflight \(OPTIONS\) first, because method PUT is not CORS-safelisted/,
    );
    expect(preflight).toMatch(/Access-Control-Request-Method: PUT/);
    expect(preflight).toMatch(/answered\s+404 Not Found to the preflight/);
    expect(preflight).toMatch(/fix\s+\S/);
    expect(out).toContain('Access-Control-Allow-Methods: GET,POST ← here');
    expect(out).not.toContain(ESC);
  });

  it('redacts secrets unless told not to', async () => {
    const io = fakeIO(files);
    await runCli(['explain', 'mixed.har'], io);
    expect(io.out()).toContain('Cookie: sid=[redacted]');
    expect(io.out()).not.toContain('8f2a9c');
    const raw = fakeIO(files);
    await runCli(['explain', 'mixed.har', '--no-redact'], raw);
    expect(raw.out()).toContain('Cookie: sid=s%3A8f2a9c.Qm9vaw');
  });

  it('lists allowed requests one by one with --all', async () => {
    const io = fakeIO(files);
    await runCli(['explain', 'allowed.har', '--all'], io);
    expect(io.out()).toContain('GET http://localhost:3000/api/profile  200');
    expect(io.out()).not.toContain('--all lists them');
  });

  it('uses colour on a terminal only, and never with NO_COLOR', async () => {
    const tty = fakeIO(files, { stdoutIsTTY: true });
    await runCli(['explain', 'mixed.har'], tty);
    expect(tty.out()).toContain(`${ESC}31m`);
    const noColor = fakeIO(files, { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await runCli(['explain', 'mixed.har'], noColor);
    expect(noColor.out()).not.toContain(ESC);
  });

  it('prints the documented JSON with --json, and puts --stack first', async () => {
    const io = fakeIO(files);
    expect(await runCli(['explain', '--json', 'mixed.har', '--stack', 'nginx'], io)).toBe(0);
    const report = JSON.parse(io.out()) as {
      exchanges: { verdict: string; fixes: { stack: string }[] }[];
      errors: unknown[];
    };
    expect(Object.keys(report)).toEqual(['exchanges', 'errors']);
    expect(report.exchanges).toHaveLength(15);
    expect(report.errors).toEqual([]);
    for (const row of report.exchanges.filter((r) => r.verdict === 'blocked')) {
      expect(row.fixes[0]?.stack).toBe('nginx');
    }
    expect(io.out()).not.toContain('8f2a9c');
    expect(io.err()).toBe('');
  });

  it('--module cjs prints require() snippets, with the import form as a variant in the JSON', async () => {
    const io = fakeIO(files);
    const argv = ['explain', '--json', 'mixed.har', '--stack', 'express', '--module', 'cjs'];
    expect(await runCli(argv, io)).toBe(0);
    const report = JSON.parse(io.out()) as {
      exchanges: {
        verdict: string;
        fixes: { stack: string; code: string; variants?: { code: string }[] }[];
      }[];
    };
    const express = report.exchanges.find((r) => r.verdict === 'blocked')!.fixes[0]!;
    expect(express.stack).toBe('express');
    expect(express.code).toContain("const cors = require('cors');");
    expect(express.variants?.[0]?.code).toContain("import cors from 'cors';");
    const text = fakeIO(files);
    expect(
      await runCli(['explain', 'mixed.har', '--stack', 'fastify', '--module', 'cjs'], text),
    ).toBe(0);
    expect(text.out()).toContain("const cors = require('@fastify/cors');");
    expect(text.out()).not.toContain('await fastify.register');
  });

  it('exits 1 on blocked requests only with --fail-on-blocked', async () => {
    expect(await runCli(['explain', 'mixed.har', '--fail-on-blocked'], fakeIO(files))).toBe(1);
    expect(await runCli(['explain', 'allowed.har', '--fail-on-blocked'], fakeIO(files))).toBe(0);
  });

  it('reads standard input for "-", but not from a terminal', async () => {
    const io = fakeIO({}, { stdinText: files['allowed.har'] });
    expect(await runCli(['explain', '-'], io)).toBe(0);
    expect(io.out()).toMatch(/^cors-lens standard input: 4 cross-origin requests/);
    const tty = fakeIO({}, { stdinIsTTY: true });
    expect(await runCli(['explain', '-'], tty)).toBe(2);
    expect(tty.err()).toMatch(/standard input, but it is a terminal/);
  });

  it('reports a partly broken file, lists the problems and exits 2', async () => {
    const io = fakeIO(files);
    expect(await runCli(['explain', 'cut.har', '--fail-on-blocked'], io)).toBe(2);
    expect(io.out()).toMatch(/9 cross-origin requests/);
    expect(io.out()).toMatch(/INPUT PROBLEMS \(2\)\n {2}the file is cut off/);
    expect(io.out()).toContain('log.entries[15]: the file ends inside this entry');
    expect(io.err()).toBe(
      'cors-lens: cut.har has 2 problem(s); reported the 9 exchange(s) that could be read (listed above).\n',
    );
    const json = fakeIO(files);
    expect(await runCli(['explain', 'cut.har', '--json'], json)).toBe(2);
    expect((JSON.parse(json.out()) as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('counts every problem when only the first 500 are listed', async () => {
    const entries = Array.from({ length: 1200 }, (_, i) => i);
    const io = fakeIO({ 'numbers.har': JSON.stringify({ log: { entries } }) });
    expect(await runCli(['explain', 'numbers.har'], io)).toBe(2);
    expect(io.out()).toContain('INPUT PROBLEMS (1200)\n');
    expect(io.out()).toContain('…and 700 more problem(s) not listed (first 500 shown).');
    expect(io.err()).toBe('cors-lens: numbers.har has 1200 problem(s) (listed above).\n');
    const json = fakeIO({ 'numbers.har': JSON.stringify({ log: { entries } }) });
    expect(await runCli(['explain', 'numbers.har', '--json'], json)).toBe(2);
    expect((JSON.parse(json.out()) as { errors: unknown[] }).errors).toHaveLength(501);
    expect(json.err()).toMatch(/has 1200 problem\(s\)/);
  });

  it('says clearly when a file is missing or not a HAR file', async () => {
    const missing = fakeIO(files);
    expect(await runCli(['explain', 'nope.har'], missing)).toBe(2);
    expect(missing.err()).toBe('cors-lens: cannot read nope.har: no such file.\n');
    expect(missing.out()).toBe('');
    const html = fakeIO(files);
    expect(await runCli(['explain', 'html.har'], html)).toBe(2);
    expect(html.err()).toMatch(
      /^cors-lens: cannot explain html\.har: this is HTML or XML, not a HAR file/,
    );
    const usage = fakeIO();
    expect(await runCli(['explain'], usage)).toBe(2);
    expect(usage.err()).toMatch(/Run "cors-lens --help" for usage/);
  });

  it('keeps going when the engine fails on one exchange', async () => {
    let calls = 0;
    const flaky: Engine = {
      diagnose: (e) => {
        if (calls++ === 0) throw new Error('boom');
        return diagnose(e);
      },
      generateFixes,
    };
    const io = fakeIO(files);
    expect(await runCli(['explain', 'mixed.har', '--json'], io, flaky)).toBe(0);
    const report = JSON.parse(io.out()) as { exchanges: unknown[]; errors: { message: string }[] };
    expect(report.exchanges).toHaveLength(14);
    expect(report.errors[0]!.message).toBe('the engine failed: boom');
  });

  it('never lets the input write terminal control codes', async () => {
    const har = JSON.parse(files['allowed.har']) as {
      log: { entries: { request: { url: string } }[] };
    };
    har.log.entries[4]!.request.url = 'http://localhost:3000/api/items?x=\u001b[2J';
    const io = fakeIO({ 'evil.har': JSON.stringify(har) });
    await runCli(['explain', 'evil.har', '--all'], io);
    expect(io.out()).not.toContain('\u001b');
    expect(io.out()).toContain('\\u001b[2J');
  });
});
