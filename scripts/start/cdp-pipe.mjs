// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe: Chromium reads commands
// on its fd 3 and writes answers and events on fd 4, each message JSON ending in a NUL byte. The
// pipe, unlike --remote-debugging-port, gives no other local process a way into the browser.

export class CdpPipe {
  /**
   * @param {import('node:stream').Writable} input Chromium's fd 3
   * @param {import('node:stream').Readable} output Chromium's fd 4
   */
  constructor(input, output) {
    this.input = input;
    this.nextId = 1;
    /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, method: string }>} */
    this.pending = new Map();
    /** @type {Set<(message: { method: string, params: any, sessionId?: string }) => void>} */
    this.listeners = new Set();
    this.closed = false;
    let buffer = '';
    output.setEncoding('utf8');
    output.on('data', (/** @type {string} */ chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        this.dispatch(JSON.parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 1);
      }
    });
    output.on('close', () => this.fail(new Error('Chromium closed the DevTools pipe')));
    input.on('error', (error) => this.fail(error));
  }

  /** @param {{ id?: number, method?: string, params?: any, sessionId?: string, result?: any, error?: { message: string } }} message */
  dispatch(message) {
    if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    } else if (message.method) {
      const event = {
        method: message.method,
        params: message.params,
        sessionId: message.sessionId,
      };
      for (const listener of [...this.listeners]) listener(event);
    }
  }

  /** @param {Error} error */
  fail(error) {
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /**
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @param {string} [sessionId] a flattened target session (Target.attachToTarget, flatten: true)
   * @returns {Promise<any>}
   */
  send(method, params = {}, sessionId) {
    if (this.closed) return Promise.reject(new Error('the DevTools pipe is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  /** @param {(message: { method: string, params: any, sessionId?: string }) => void} listener */
  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
