// A bare Chromium driven over its DevTools pipe, with no Playwright attached: for a test that sends
// thousands of requests, where Playwright's instrumentation (Network events for every request,
// mirrored to Node) cost a quarter of the CPU per fetch. Only what such a test needs: open a tab,
// find the extension's service worker, evaluate a function in either. Else: `launchBrowser`.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS } from './browser.ts';
import { chromiumPath } from './chromium-path.ts';

// The flags Playwright adds (playwright-core's chromiumSwitches) that can change what a request
// does, so that verdicts measured here are the ones `launchBrowser` would measure.
const PLAYWRIGHT_LIKE_FLAGS = [
  '--headless',
  '--disable-field-trial-config',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,' +
    'HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,' +
    'ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,' +
    'NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-renderer-backgrounding',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--disable-search-engine-choice-screen',
];

/** A page or worker to run code in. */
export interface PipeTarget {
  /**
   * Runs `fn(arg)` there (its source is sent, as with Playwright) and returns its JSON result.
   * Rejects when no reply comes within `hangMs` (a hang bound, not a speed check: a whole matrix
   * run takes seconds; once in CI a page's evaluate never answered and the file sat idle).
   */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A, hangMs?: number): Promise<R>;
}

export interface PipeBrowser {
  /** A new tab showing `url`, once loaded. */
  openPage(url: string): Promise<PipeTarget>;
  /** The loaded extension's service worker. */
  serviceWorker(): Promise<PipeTarget>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

class Pipe {
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  /** The session each pending command went to: a detached session never answers them. */
  private readonly sessionOf = new Map<number, string>();
  private readonly listeners = new Set<(m: Message) => void>();
  private readonly closeWaiters = new Set<() => void>();
  private buffer = '';
  private closedError: Error | undefined;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) this.pending.get(message.id)?.(message);
        else {
          if (message.method === 'Target.detachedFromTarget') this.detached(message);
          for (const listener of this.listeners) listener(message);
        }
      }
    });
    input.on('close', () => {
      this.closedError = new Error('Chromium closed its DevTools pipe');
      for (const reply of this.pending.values()) reply({ error: { message: 'pipe closed' } });
      for (const onClose of this.closeWaiters) onClose();
    });
  }

  /**
   * Sends one command. `hangMs` bounds the wait for its reply (a hang bound for the quick commands
   * of a start-up, a longer one for an evaluate): once, under load, a start-up command
   * never got its reply and the file waited out vitest's hook timeout with nothing to say why.
   */
  send(
    method: string,
    params: object = {},
    sessionId?: string,
    hangMs?: number,
  ): Promise<Record<string, unknown>> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        hangMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(id);
              this.sessionOf.delete(id);
              reject(new Error(`${method}: no reply within ${hangMs} ms`));
            }, hangMs);
      if (sessionId) this.sessionOf.set(id, sessionId);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        this.pending.delete(id);
        this.sessionOf.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result ?? {});
      });
      this.out.write(
        `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
      );
    });
  }

  /** Fails the commands pending on a session that went away (a worker stopped or replaced). */
  private detached(m: Message): void {
    const gone = m.params?.sessionId;
    for (const [id, sessionId] of this.sessionOf) {
      if (sessionId === gone) this.pending.get(id)?.({ error: { message: 'target detached' } });
    }
  }

  /** Calls `listener` with every event from now on. */
  on(listener: (m: Message) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Resolves with the first event for which `pick` returns a value; rejects if Chromium exits or
   * none comes within `hangMs` (a hang bound: it only decides when a failure is reported).
   */
  waitFor<T>(what: string, pick: (m: Message) => T | undefined, hangMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.closeWaiters.delete(onClose);
      };
      const listener = (m: Message) => {
        const value = pick(m);
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const onClose = () => {
        done();
        reject(new Error(`Chromium exited while waiting for ${what}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${hangMs} ms`));
      }, hangMs);
      this.listeners.add(listener);
      this.closeWaiters.add(onClose);
    });
  }
}

/** How long a start-up command (attach, open a tab, navigate) may go unanswered: a hang bound. */
const STARTUP_HANG_MS = 60_000;
/** How long an evaluate may go unanswered by default: a hang bound (minutes for seconds of work). */
const EVALUATE_HANG_MS = 240_000;

function target(pipe: Pipe, sessionId: string): PipeTarget {
  return {
    async evaluate(fn, arg, hangMs = EVALUATE_HANG_MS) {
      // esbuild's keepNames wraps functions in __name(); the page has no such helper.
      const expression = `(() => { const __name = (f) => f; return (${String(fn)})(${JSON.stringify(arg)}); })()`;
      const reply = await pipe.send(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        sessionId,
        hangMs,
      );
      const thrown = reply.exceptionDetails as { exception?: { description?: string } } | undefined;
      if (thrown) throw new Error(thrown.exception?.description ?? JSON.stringify(thrown));
      return (reply.result as { value: never }).value;
    },
  };
}

/** Chromium with a copy of the unpacked extension in `extensionDir`, on a temporary profile. */
export async function launchPipeBrowser(extensionDir: string): Promise<PipeBrowser> {
  const temp = mkdtempSync(join(tmpdir(), 'cors-lens-e2e-pipe-'));
  const extension = join(temp, 'extension');
  cpSync(extensionDir, extension, { recursive: true });
  const child: ChildProcess = spawn(
    chromiumPath(),
    [
      ...PLAYWRIGHT_LIKE_FLAGS,
      ...CHROMIUM_FLAGS,
      '--remote-debugging-pipe',
      `--user-data-dir=${join(temp, 'profile')}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pipe = new Pipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const attach = async (targetId: string) => {
    const { sessionId } = await pipe.send(
      'Target.attachToTarget',
      { targetId, flatten: true },
      undefined,
      STARTUP_HANG_MS,
    );
    return sessionId as string;
  };
  const extensionWorker = (m: Message): string | undefined => {
    const info = m.params?.targetInfo as
      { type: string; url: string; targetId: string } | undefined;
    return m.method === 'Target.targetCreated' &&
      info?.type === 'service_worker' &&
      info.url.startsWith('chrome-extension://')
      ? info.targetId
      : undefined;
  };
  /** The newest extension worker Chromium announced: a worker can be stopped and started again. */
  let latestWorker: string | undefined;
  pipe.on((m) => {
    latestWorker = extensionWorker(m) ?? latestWorker;
    if (m.method === 'Target.targetDestroyed' && m.params?.targetId === latestWorker) {
      latestWorker = undefined;
    }
  });
  await pipe.send('Target.setDiscoverTargets', { discover: true }, undefined, STARTUP_HANG_MS);
  let worker: Promise<PipeTarget> | undefined;

  return {
    serviceWorker: () =>
      (worker ??= (async () => {
        const attachCurrent = async () =>
          target(
            pipe,
            await attach(
              latestWorker ??
                (await pipe.waitFor("the extension's service worker", extensionWorker)),
            ),
          );
        let session = await attachCurrent();
        return {
          // Twice in CI an evaluate in the worker never answered (the worker it was attached to
          // had been replaced): once the session is gone or silent, attach to the current worker
          // and ask again, once.
          async evaluate(fn, arg, hangMs) {
            try {
              return await session.evaluate(fn, arg, hangMs ?? STARTUP_HANG_MS);
            } catch (error) {
              if (!/target detached|no reply within/.test(String(error))) throw error;
              session = await attachCurrent();
              return session.evaluate(fn, arg, hangMs ?? STARTUP_HANG_MS);
            }
          },
        } satisfies PipeTarget;
      })()),
    async openPage(url) {
      const { targetId } = await pipe.send(
        'Target.createTarget',
        { url: 'about:blank' },
        undefined,
        STARTUP_HANG_MS,
      );
      const sessionId = await attach(targetId as string);
      await pipe.send('Page.enable', {}, sessionId, STARTUP_HANG_MS);
      const loaded = pipe.waitFor(`the load of ${url}`, (m) =>
        m.sessionId === sessionId && m.method === 'Page.loadEventFired' ? true : undefined,
      );
      await pipe.send('Page.navigate', { url }, sessionId, STARTUP_HANG_MS);
      await loaded;
      return target(pipe, sessionId);
    },
    async close() {
      await pipe.send('Browser.close').catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
