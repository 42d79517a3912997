// `cors-lens check` through runCli with a fake HTTP client: arguments, output, exit codes, --config.
import { describe, expect, it } from 'vitest';
import { runCli, parseCheckArgs, parseCheckConfig } from '../../../src/cli/index.ts';
import type { WireRequest } from '../../../src/probe/index.ts';
import { API, PAGE, fakeClient, header, type Answer } from '../probe/fake-client.ts';
import { fakeIO } from './io.ts';

const allowing = (r: WireRequest): Answer => ({
  status: r.method === 'OPTIONS' ? 204 : 200,
  headers: [
    ['Access-Control-Allow-Origin', PAGE],
    ['Access-Control-Allow-Methods', 'PUT'],
  ],
});
const bare = (): Answer => ({ headers: [['X-Powered-By', 'Express']] });

function io(answer: (r: WireRequest) => Answer, files: Record<string, string> = {}) {
  const client = fakeClient(answer);
  const timeouts: number[] = [];
  const cli = fakeIO(files, {
    createHttpClient: ({ timeoutMs }) => {
      timeouts.push(timeoutMs);
      return client;
    },
  });
  return Object.assign(cli, { requests: client.requests, timeouts });
}

describe('check: one request', () => {
  it('reports an allowed PUT and says the request really reached the server', async () => {
    const t = io(allowing);
    expect(await runCli(['check', `${API}/items/1`, '--origin', PAGE, '-X', 'PUT'], t)).toBe(0);
    expect(t.requests.map((r) => r.method)).toEqual(['OPTIONS', 'PUT']);
    const out = t.out();
    expect(out).toContain(`sent  OPTIONS ${API}/items/1  → 204`);
    expect(out).toContain('The PUT request reached the server');
    expect(out).toContain('ALLOWED (1)');
    expect(t.timeouts).toEqual([10_000]);
  });

  it('prints the explain report for a blocked request, with a fix for the detected stack', async () => {
    const t = io(bare);
    expect(await runCli(['check', `${API}/x`, '--origin', PAGE, '--no-color'], t)).toBe(0);
    expect(t.out()).toMatch(/BLOCKED GET http:\/\/localhost:3000\/x\n/);
    expect(t.out()).toMatch(/reason\s+MissingAllowOriginHeader/);
    expect(t.out()).not.toContain('reached the server');
    expect(
      await runCli(['check', `${API}/x`, '--origin', PAGE, '--fail-on-blocked'], io(bare)),
    ).toBe(1);
  });

  it('--json prints the explain shape, one exchange', async () => {
    const t = io(bare);
    expect(
      await runCli(['check', `${API}/x`, '--origin', PAGE, '--json', '--stack', 'express'], t),
    ).toBe(0);
    const report = JSON.parse(t.out());
    expect(Object.keys(report)).toEqual(['exchanges', 'errors']);
    expect(report.exchanges).toHaveLength(1);
    expect(report.exchanges[0]).toMatchObject({
      url: `${API}/x`,
      finalUrl: `${API}/x`,
      method: 'GET',
      verdict: 'blocked',
      reason: 'MissingAllowOriginHeader',
      failedParameter: '',
      preflight: { needed: false, sent: false, reasons: [] },
    });
    expect(report.exchanges[0].fixes[0].stack).toBe('express');
  });

  it('--data posts a string body as text/plain;charset=UTF-8 (POST by default)', async () => {
    const t = io(allowing);
    await runCli(['check', `${API}/x`, '--origin', PAGE, '-d', 'hello'], t);
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({ method: 'POST', body: 'hello' });
    expect(header(t.requests[0]!, 'Content-Type')).toBe('text/plain;charset=UTF-8');
  });

  it('--preflight-only sends the preflight only; with nothing to preflight it sends nothing', async () => {
    const t = io(allowing);
    expect(
      await runCli(
        ['check', `${API}/x`, '--origin', PAGE, '-X', 'PUT', '--preflight-only', '--json'],
        t,
      ),
    ).toBe(0);
    expect(t.requests.map((r) => r.method)).toEqual(['OPTIONS']);
    const row = JSON.parse(t.out()).exchanges[0];
    expect(row).toMatchObject({ verdict: 'allowed', reason: null });
    expect(row.summary).toContain('--preflight-only');
    const none = io(allowing);
    expect(await runCli(['check', `${API}/x`, '--origin', PAGE, '--preflight-only'], none)).toBe(0);
    expect(none.requests).toEqual([]);
    expect(none.out()).toContain('No preflight needed');
  });

  it('a refused connection is not a CORS verdict: it says what happened and exits 2', async () => {
    const t = io(() => ({
      failure: {
        netError: 'net::ERR_CONNECTION_REFUSED',
        message: 'connection refused (localhost:3000)',
      },
    }));
    expect(await runCli(['check', `${API}/x`, '--origin', PAGE, '-X', 'PUT'], t)).toBe(2);
    expect(t.err()).toContain(
      `no answer from the preflight to ${API}/x: connection refused (localhost:3000) (net::ERR_CONNECTION_REFUSED)`,
    );
    expect(t.err()).toContain('not a CORS verdict');
    expect(t.out()).not.toContain('reached the server');
  });

  it('redacts secrets in the report unless --no-redact', async () => {
    const args = [
      'check',
      `${API}/x?token=s3cret`,
      '--origin',
      PAGE,
      '-H',
      'Authorization: Bearer s3cret',
      '--json',
    ];
    const t = io(bare);
    await runCli(args, t);
    expect(t.out()).not.toContain('s3cret');
    expect(t.out()).toContain('token=');
    const text = io(bare);
    await runCli(
      args.filter((a) => a !== '--json'),
      text,
    );
    expect(text.out()).not.toContain('s3cret');
    const open = io(bare);
    await runCli([...args, '--no-redact'], open);
    expect(open.out()).toContain('s3cret');
    // Redaction is for the report only: the wire carries what was asked for.
    expect(t.requests[0]!.url).toBe(`${API}/x?token=s3cret`);
    expect(header(t.requests[0]!, 'Access-Control-Request-Headers')).toBe('authorization');
  });

  it.each([
    [['check'], 'check needs a URL'],
    [['check', `${API}/x`], 'check needs --origin'],
    [['check', `${API}/x`, '--origin', PAGE, '-H', 'nocolon'], '"Name: value"'],
    [['check', `${API}/x`, '--origin', PAGE, '--bogus'], 'unknown option --bogus'],
    [['check', `${API}/x`, '--origin', PAGE, '--timeout', '0'], '--timeout'],
    [['check', `${API}/x`, '--origin', PAGE, '--stack', 'cobol'], 'unknown stack'],
    [['check', `${API}/x`, '--origin', PAGE, '-d', 'x', '-X', 'GET'], 'refuses a body with GET'],
    [['check', '--config', 'c.json', '--origin', PAGE], 'leave them off the command line'],
  ])('usage error for %j', async (argv, message) => {
    const t = io(allowing);
    expect(await runCli(argv, t)).toBe(2);
    expect(t.err()).toContain(message);
    expect(t.requests).toEqual([]);
  });

  it('parses repeated headers in order, = forms and short options', () => {
    const args = parseCheckArgs([
      `${API}/x`,
      '--origin=http://localhost:5173/',
      '-H',
      'X-A: 1',
      '--header=X-B:2',
      '--timeout=2.5',
      '--credentials',
    ]);
    expect(args).toMatchObject({
      kind: 'check',
      timeoutMs: 2500,
      spec: {
        origin: PAGE,
        method: 'GET',
        credentials: 'include',
        headers: [
          { name: 'X-A', value: '1' },
          { name: 'X-B', value: '2' },
        ],
      },
    });
  });
});

describe('check --config', () => {
  const config = JSON.stringify({
    checks: [
      { name: 'put allowed', url: `${API}/a`, origin: PAGE, method: 'PUT', expect: 'allowed' },
      {
        url: `${API}/b`,
        origin: PAGE,
        method: ['GET', 'DELETE'],
        credentials: [false, true],
        expect: { verdict: 'blocked', reason: 'MethodDisallowedByPreflightResponse' },
      },
    ],
  });

  it('expands lists, prints a table and exits 1 when a check is not as expected', async () => {
    const t = io(allowing, { 'c.json': config });
    expect(await runCli(['check', '--config', 'c.json', '--no-color'], t)).toBe(1);
    const out = t.out();
    expect(out).toContain('cors-lens check c.json: 5 checks, 2 as expected, 3 not');
    expect(out).toMatch(/ok {4}allowed +put allowed/);
    expect(out).toMatch(
      /FAIL {2}allowed +GET http:\/\/localhost:3000\/b from http:\/\/localhost:5173 \(expected blocked MethodDisallowedByPreflightResponse\)/,
    );
    expect(out).toMatch(
      /ok {4}blocked MethodDisallowedByPreflightResponse +DELETE http:\/\/localhost:3000\/b from http:\/\/localhost:5173\n/,
    );
    expect(out).toContain('(credentials)');
  });

  it('exits 0 when every check is as expected; --json adds the checks', async () => {
    const file = JSON.stringify([
      { url: `${API}/a`, origin: PAGE, method: 'PUT', expect: 'allowed' },
    ]);
    const t = io(allowing, { 'c.json': file });
    expect(await runCli(['check', '--config', 'c.json', '--json'], t)).toBe(0);
    const report = JSON.parse(t.out());
    expect(report.exchanges).toHaveLength(1);
    expect(report.checks).toEqual([
      {
        name: `PUT ${API}/a from ${PAGE}`,
        expected: { verdict: 'allowed' },
        verdict: 'allowed',
        reason: null,
        ok: true,
      },
    ]);
  });

  it('rejects a bad file with every problem and its place, before sending anything', async () => {
    const bad = JSON.stringify([{ url: `${API}/a`, expect: 'fine', colour: 1 }, 3]);
    const t = io(allowing, { 'c.json': bad });
    expect(await runCli(['check', '--config', 'c.json'], t)).toBe(2);
    expect(t.err()).toContain('[0].colour: unknown field');
    expect(t.err()).toContain('[0].origin: required');
    expect(t.err()).toContain('[0].expect: the verdict is one of');
    expect(t.err()).toContain('[1]: a check is an object');
    expect(t.requests).toEqual([]);
    expect(await runCli(['check', '--config', 'missing.json'], io(allowing))).toBe(2);
  });

  it('reads the checks from standard input with "--config -", never from a terminal', async () => {
    const file = JSON.stringify([
      { url: `${API}/a`, origin: PAGE, method: 'PUT', expect: 'allowed' },
    ]);
    const piped = io(allowing);
    piped.readStdin = async () => file;
    expect(await runCli(['check', '--config', '-'], piped)).toBe(0);
    const tty = io(allowing);
    tty.stdinIsTTY = true;
    expect(await runCli(['check', '--config', '-'], tty)).toBe(2);
    expect(tty.err()).toContain('it is a terminal');
  });

  it('parses headers as an object or a list of lines', () => {
    const r = parseCheckConfig(
      JSON.stringify([
        { url: `${API}/a`, origin: PAGE, headers: ['X-A: 1', 'X-A: 2'] },
        { url: `${API}/a`, origin: PAGE, headers: { 'X-B': '3' } },
      ]),
    );
    expect(r.checks.map((c) => c.spec.headers)).toEqual([
      [
        { name: 'X-A', value: '1' },
        { name: 'X-A', value: '2' },
      ],
      [{ name: 'X-B', value: '3' }],
    ]);
    expect(parseCheckConfig('not json').problems[0]).toContain('not JSON');
  });
});
