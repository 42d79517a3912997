/**
 * Runs async tasks one at a time, in order. Every read-modify-write of the overrides and every
 * reconcile goes through one queue, so two reconciles never interleave their getSessionRules /
 * updateSessionRules calls, and a learned header cannot overwrite an edit made a moment earlier.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The chain must survive a failed task; the caller still sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * A task that many triggers may ask for: callers arriving while one run waits in the queue share it
 * (a burst of tab updates costs one reconcile), and a request made while it runs queues one more
 * run, so a change is never missed.
 */
export class CoalescedTask {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly queue: SerialQueue,
    private readonly task: () => Promise<void>,
  ) {}

  request(): Promise<void> {
    if (this.pending) return this.pending;
    const run = this.queue.run(async () => {
      // From here on a new request must queue a new run: this one may already have read its state.
      this.pending = undefined;
      await this.task();
    });
    this.pending = run;
    return run;
  }
}
