// CDP sessions to targets Playwright does not expose (DevTools windows and the extension frames
// inside them), over the browser-level CDP session Playwright does give us. Playwright's CDPSession
// cannot address flattened child sessions, so these use the non-flattened form: commands go in
// `Target.sendMessageToTarget`, answers come back in `Target.receivedMessageFromTarget`.
import type { BrowserContext, CDPSession } from 'playwright-core';

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
  parentId?: string;
}

/** A function evaluated in another JavaScript realm: it must not close over test-side variables. */
export type RemoteFunction<A, R> = (arg: A) => R | Promise<R>;

export interface TargetSession {
  targetId: string;
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluate an expression (string) or call a function with a JSON argument; awaits promises. */
  evaluate<R = unknown, A = undefined>(code: string | RemoteFunction<A, R>, arg?: A): Promise<R>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  method: string;
}

interface RemoteEvaluation {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

export class TargetSessions {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sessions = new Map<string, Promise<TargetSession>>();
  private readonly sessionTargets = new Map<string, string>();

  private constructor(private readonly browser: CDPSession) {
    browser.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    });
    browser.on('Target.detachedFromTarget', (event: { sessionId: string }) => {
      const targetId = this.sessionTargets.get(event.sessionId);
      if (targetId) this.sessions.delete(targetId);
    });
  }

  static async open(context: BrowserContext): Promise<TargetSessions> {
    const browser = context.browser();
    if (!browser) throw new Error('no browser-level CDP session for this context');
    return new TargetSessions(await browser.newBrowserCDPSession());
  }

  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = await this.browser.send('Target.getTargets');
    return targetInfos as TargetInfo[];
  }

  /**
   * Open a DevTools window on one tab (CDP `Target.openDevTools`, Chromium 127+). Only the tabs a
   * test inspects get one: `--auto-open-devtools-for-tabs` gave one to every tab, the start-up
   * `about:blank` and extension pages included, at about 2.5–3 s of CPU each.
   */
  async openDevTools(targetId: string): Promise<void> {
    await this.browser.send('Target.openDevTools', { targetId });
  }

  /** One session per target, reused. */
  attach(targetId: string): Promise<TargetSession> {
    let session = this.sessions.get(targetId);
    if (!session) {
      session = this.createSession(targetId);
      this.sessions.set(targetId, session);
      session.catch(() => this.sessions.delete(targetId));
    }
    return session;
  }

  async dispose(): Promise<void> {
    for (const waiting of this.pending.values()) waiting.reject(new Error('sessions disposed'));
    this.pending.clear();
    await this.browser.detach().catch(() => undefined);
  }

  private async createSession(targetId: string): Promise<TargetSession> {
    const { sessionId } = await this.browser.send('Target.attachToTarget', {
      targetId,
      flatten: false,
    });
    this.sessionTargets.set(sessionId, targetId);
    const send = <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = this.nextId++;
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
        this.browser
          .send('Target.sendMessageToTarget', {
            sessionId,
            message: JSON.stringify({ id, method, params }),
          })
          .catch((error: Error) => {
            this.pending.delete(id);
            reject(error);
          });
      });
    const evaluate = async <R, A>(code: string | RemoteFunction<A, R>, arg?: A): Promise<R> => {
      const expression =
        typeof code === 'string' ? code : `(${code.toString()})(${JSON.stringify(arg)})`;
      const answer = await send<RemoteEvaluation>('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (answer.exceptionDetails) {
        const details = answer.exceptionDetails;
        throw new Error(`evaluation failed: ${details.exception?.description ?? details.text}`);
      }
      return answer.result.value as R;
    };
    return { targetId, send, evaluate };
  }
}
