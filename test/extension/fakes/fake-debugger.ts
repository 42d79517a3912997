/** chrome.debugger for the preflight answerer: attachments per tab and the commands sent. */
import type { DebuggerPort } from '../../../extension/background/ports.ts';

export class FakeDebugger implements DebuggerPort {
  attached = new Set<number>();
  sent: { tabId: number; method: string; params?: Record<string, unknown> }[] = [];
  /** Tabs Chrome refuses to attach to (chrome:// pages, another debugger…). */
  refuse = new Set<number>();

  async attach(tabId: number): Promise<void> {
    if (this.refuse.has(tabId)) throw new Error('Cannot access a chrome:// URL');
    if (this.attached.has(tabId)) throw new Error('Another debugger is already attached.');
    this.attached.add(tabId);
  }

  async detach(tabId: number): Promise<void> {
    if (!this.attached.delete(tabId)) throw new Error('Debugger is not attached to the tab.');
  }

  async send(tabId: number, method: string, params?: Record<string, unknown>): Promise<unknown> {
    if (!this.attached.has(tabId)) throw new Error('Debugger is not attached to the tab.');
    this.sent.push({ tabId, method, params });
    return {};
  }

  commands(method: string): { tabId: number; params?: Record<string, unknown> }[] {
    return this.sent.filter((s) => s.method === method);
  }
}
