/** Child processes for the servers under test: started, awaited until they answer, always stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port (bound to 0, then released): servers whose config needs a number. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Running {
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
  stop(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
}

export interface SpawnSpec {
  cmd: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** The server is up once GET `origin + readyPath` answers (any status). */
  port: number;
  readyPath?: string;
}

/** Starts a server process and resolves once it accepts HTTP requests; fails with its output. */
export async function startProcess(spec: SpawnSpec, timeoutMs = 60_000): Promise<Running> {
  const child: ChildProcess = spawn(spec.cmd, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const origin = `http://127.0.0.1:${spec.port}`;
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return;
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole group: apache and nginx fork workers
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`${spec.cmd} exited (${exited}) before serving:\n${out}`);
    }
    try {
      await fetch(origin + (spec.readyPath ?? '/'), {
        redirect: 'manual',
        signal: AbortSignal.timeout(2000),
      });
      return { origin, stop, output: () => out };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${spec.cmd} did not answer on ${origin} within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
