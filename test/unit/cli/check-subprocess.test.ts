/**
 * `cors-lens check` as `npx cors-lens check` runs it: the built CLI started through bin/ as a child
 * process, with the real Node HTTP client, against a loopback server started here. Built into a
 * temporary copy so it never races subprocess.test.ts over dist-cli/.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE = 'http://localhost:5173';
let dir: string;
let api: string;
const seen: string[] = [];
const server = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url} origin=${req.headers.origin ?? '-'}`);
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': PAGE };
  if (req.method === 'OPTIONS') headers['Access-Control-Allow-Methods'] = 'PUT';
  if (req.url === '/closed') delete headers['Access-Control-Allow-Origin'];
  res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers).end('ok');
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'bin/cors-lens.mjs'), ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cors-lens-check-'));
  mkdirSync(join(dir, 'bin'));
  for (const f of readdirSync(join(root, 'bin')).filter((name) => name.endsWith('.mjs')))
    copyFileSync(join(root, 'bin', f), join(dir, 'bin', f));
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  // The build made once for the run (test/setup/build-cli.ts), copied beside the copied bin/.
  cpSync(join(root, 'dist-cli'), join(dir, 'dist-cli'), { recursive: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('cors-lens check (built, as a subprocess)', () => {
  it('preflights a PUT, sends it, and reports it allowed', async () => {
    const r = await cli(['check', `${api}/items/1`, '--origin', PAGE, '-X', 'PUT']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED (1)');
    expect(r.stdout).toContain('The PUT request reached the server');
    expect(seen).toContain(`OPTIONS /items/1 origin=${PAGE}`);
    expect(seen).toContain(`PUT /items/1 origin=${PAGE}`);
  });

  it('exits 2 on a refused connection, saying it is not a CORS verdict', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await cli(['check', `http://127.0.0.1:${port}/x`, '--origin', PAGE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('net::ERR_CONNECTION_REFUSED');
    expect(r.stderr).toContain('not a CORS verdict');
  });

  it('--config: exits 1 when a check is not as expected, with a table', async () => {
    const file = join(dir, 'checks.json');
    writeFileSync(
      file,
      JSON.stringify([
        { url: `${api}/open`, origin: PAGE, expect: 'allowed' },
        { url: `${api}/closed`, origin: PAGE, expect: 'allowed' },
      ]),
    );
    const r = await cli(['check', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 checks, 1 as expected, 1 not');
    expect(r.stdout).toMatch(
      /FAIL {2}blocked MissingAllowOriginHeader +GET http:\/\/127\.0\.0\.1:\d+\/closed/,
    );
  });
});
