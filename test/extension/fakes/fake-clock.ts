/** A manual clock: time moves only when a test calls advance(), which runs the timers that fall due. */
import type { Clock } from '../../../extension/background/ports.ts';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  every?: number;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(public time = Date.UTC(2030, 0, 1)) {}

  now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): unknown => this.add(fn, ms);
  setInterval = (fn: () => void, ms: number): unknown => this.add(fn, ms, ms);
  clearTimeout = (h: unknown): void => this.clear(h);
  clearInterval = (h: unknown): void => this.clear(h);

  /** The worker died: its timers die with it. */
  dropTimers(): void {
    this.timers = [];
  }

  get pending(): number {
    return this.timers.length;
  }

  private add(fn: () => void, ms: number, every?: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn, every });
    return id;
  }

  private clear(h: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== h);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      if (due.every) due.at += due.every;
      else this.clear(due.id);
      due.fn();
    }
    this.time = end;
  }
}
