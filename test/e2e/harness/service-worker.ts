// Stop and start the extension's service worker the way Chromium does when it goes idle, to test
// that state survives. Verified: `ServiceWorker.stopWorker` on a page's CDP session stops it (its
// target disappears); the next event, or `ServiceWorker.startWorker`, brings it back under the same
// target id, so Playwright's Worker handle keeps working. Evaluating in a stopped worker hangs, so
// `ready()` restarts it first.
import type { BrowserContext, CDPSession, Worker } from 'playwright-core';

export type WorkerStatus = 'stopped' | 'starting' | 'running' | 'stopping';

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: WorkerStatus;
  status: string;
}

const WAIT_MS = 30_000;

export class ServiceWorkerControl {
  private session: Promise<CDPSession> | undefined;
  private readonly versions = new Map<string, WorkerVersion>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly context: BrowserContext,
    private readonly extensionOrigin: string,
  ) {}

  /** Current status of the extension's worker (the newest version's). */
  async status(): Promise<WorkerStatus> {
    await this.cdp();
    return this.current()?.runningStatus ?? 'stopped';
  }

  /** Stop the worker, as Chromium does after 30 s idle, and wait until it has stopped. */
  async stop(): Promise<void> {
    const cdp = await this.cdp();
    const version = this.current();
    if (version && version.runningStatus !== 'stopped') {
      await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
    }
    await this.until('stopped');
  }

  /** Start the worker if it is not running (as an incoming event would) and wait until it runs. */
  async start(): Promise<void> {
    const cdp = await this.cdp();
    if (this.current()?.runningStatus !== 'running') {
      await cdp.send('ServiceWorker.startWorker', { scopeURL: `${this.extensionOrigin}/` });
    }
    await this.until('running');
  }

  /** Wait until the worker reaches `status` (e.g. after an event woke it). */
  until(status: WorkerStatus, timeoutMs = WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if ((this.current()?.runningStatus ?? 'stopped') !== status) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`service worker not ${status} after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Playwright's handle on the running worker. */
  async ready(): Promise<Worker> {
    await this.start();
    const mine = (w: Worker) => w.url().startsWith(this.extensionOrigin);
    return (
      this.context.serviceWorkers().findLast(mine) ??
      (await this.context.waitForEvent('serviceworker', { predicate: mine, timeout: WAIT_MS }))
    );
  }

  /** The origins of the other service workers the profile knows: the pages' own. */
  async pageWorkerOrigins(): Promise<string[]> {
    await this.cdp();
    const origins = new Set<string>();
    for (const version of this.versions.values()) {
      if (!version.scriptURL.startsWith(this.extensionOrigin)) {
        origins.add(new URL(version.scriptURL).origin);
      }
    }
    return [...origins];
  }

  private current(): WorkerVersion | undefined {
    let newest: WorkerVersion | undefined;
    for (const version of this.versions.values()) {
      if (!version.scriptURL.startsWith(this.extensionOrigin)) continue;
      if (version.status === 'redundant') continue;
      if (!newest || Number(version.versionId) > Number(newest.versionId)) newest = version;
    }
    return newest;
  }

  // The ServiceWorker domain lives on page sessions only. Any page of the profile sees the
  // extension's worker; if that page closes, the next call opens a session on another.
  private cdp(): Promise<CDPSession> {
    this.session ??= this.openSession().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async openSession(): Promise<CDPSession> {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    const cdp = await this.context.newCDPSession(page);
    page.once('close', () => {
      this.session = undefined;
    });
    const enabled = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: WorkerVersion[] }) => {
        for (const version of event.versions) this.versions.set(version.versionId, version);
        for (const listener of [...this.listeners]) listener();
        resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    // enable() reports the known versions right away; wait for that first report.
    await Promise.race([enabled, new Promise((resolve) => setTimeout(resolve, 1000))]);
    return cdp;
  }
}
