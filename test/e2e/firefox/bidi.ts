// WebDriver BiDi commands puppeteer-core does not wrap, or wraps in ways that do not work for
// extension pages (`page.goto` on moz-extension:// never sees a load event): raw commands on
// puppeteer's own BiDi connection.
import type { Browser } from 'puppeteer-core';

interface Connection {
  send(method: string, params: object): Promise<{ result: unknown }>;
  on(event: string, handler: (params: never) => void): unknown;
  off(event: string, handler: (params: never) => void): unknown;
}

interface ScriptResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Bidi {
  private readonly connection: Connection;

  private readonly browser: Browser;

  constructor(browser: Browser) {
    this.browser = browser;
    // puppeteer-core's BidiBrowser exposes its connection; the public type does not say so.
    this.connection = (browser as unknown as { connection: Connection }).connection;
  }

  async send<T>(method: string, params: object): Promise<T> {
    return (await this.connection.send(method, params)).result as T;
  }

  on<T>(event: string, handler: (params: T) => void): () => void {
    const h = handler as (params: never) => void;
    this.connection.on(event, h);
    return () => void this.connection.off(event, h);
  }

  /**
   * Runs `fn` (the source of a function) in a browsing context with JSON-able arguments, and
   * returns its JSON-able result. Functions travel as text, so they see only what the page has.
   */
  async call<T>(context: string, fn: string, ...args: unknown[]): Promise<T> {
    const r = await this.send<ScriptResult>('script.callFunction', {
      functionDeclaration: `async (...a) => JSON.stringify(await (${fn})(...a.map((x) => JSON.parse(x))))`,
      awaitPromise: true,
      target: { context },
      arguments: args.map((a) => ({ type: 'string', value: JSON.stringify(a ?? null) })),
    });
    if (r.type === 'exception') throw new Error(`in page: ${r.exceptionDetails?.text ?? '?'}`);
    const value = r.result?.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  }

  /** A new tab showing `url`, once its document has loaded. */
  async openTab(url: string): Promise<string> {
    const { context } = await this.send<{ context: string }>('browsingContext.create', {
      type: 'tab',
    });
    await this.navigate(context, url);
    return context;
  }

  async navigate(context: string, url: string): Promise<void> {
    // Extension pages never report a load to BiDi navigation: poll readyState instead.
    const extensionPage = url.startsWith('moz-extension:');
    await this.send('browsingContext.navigate', {
      context,
      url,
      wait: extensionPage ? 'none' : 'complete',
    });
    if (!extensionPage) return;
    for (let i = 0; i < 200; i++) {
      const ready = await this.call<boolean>(
        context,
        `() => location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`,
      ).catch(() => false);
      if (ready) return;
      await sleep(25);
    }
    throw new Error(`${url} did not load`);
  }

  async closeTab(context: string): Promise<void> {
    await this.send('browsingContext.close', { context });
  }

  /** A real mouse click at viewport coordinates: a user gesture, as permissions.request needs. */
  async click(context: string, x: number, y: number): Promise<void> {
    await this.send('input.performActions', {
      context,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x, y },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
  }

  /**
   * Evaluates `expression` with chrome privileges in the browser window (needs
   * --remote-allow-system-access): how a test reaches DevTools' network monitor.
   */
  async evaluateInBrowserWindow<T>(expression: string): Promise<T> {
    const tree = await this.send<{ contexts: { context: string; url: string }[] }>(
      'browsingContext.getTree',
      { 'moz:scope': 'chrome' },
    );
    const window = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!window) {
      // Seen with Firefox ESR 140.12 (Debian without `apt-get update`), whose tree did not hold
      // it; with 153.8 (what .ci/run installs) it does. Say so rather than fail obscurely.
      const version = await this.browser.version().catch(() => 'an unknown Firefox');
      const urls = tree.contexts.map((c) => c.url).join(', ') || 'none';
      throw new Error(
        `no browser window in the chrome scope of ${version} (contexts: ${urls}). ` +
          'This step reads DevTools through chrome://browser/content/browser.xhtml, found with ' +
          'Firefox ESR 153.8 and not with 140.12: run `apt-get update && apt-get install -y ' +
          'firefox-esr` for the current ESR.',
      );
    }
    const r = await this.send<ScriptResult>('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context: window.context },
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`in chrome: ${r.exceptionDetails?.text ?? '?'}`);
    const value = r.result?.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  }
}
