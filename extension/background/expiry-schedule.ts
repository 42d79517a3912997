/**
 * Ends overrides on time. One alarm at the next end (it wakes a stopped worker; the alarm survives
 * the worker) plus, while the worker runs, a timer for the same moment: alarms are coarse (Chrome
 * clamps packed extensions to 30 s), the timer is not. A one-minute tick alarm refreshes the badge
 * countdown while some tab shows a timed override.
 */
import type { AlarmsPort, Clock } from './ports.ts';

export const EXPIRY_ALARM = 'cors-lens:expiry';
export const TICK_ALARM = 'cors-lens:tick';

export class ExpirySchedule {
  private timer: unknown;

  constructor(
    private readonly alarms: AlarmsPort,
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  async schedule(nextEnd: number | undefined, countdownShown: boolean): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (nextEnd === undefined) {
      await this.alarms.clear(EXPIRY_ALARM);
    } else {
      await this.alarms.create(EXPIRY_ALARM, { when: nextEnd });
      // +5 ms: fire after the end, so the reconcile that runs then sees the override as over.
      const delay = Math.max(0, nextEnd - this.clock.now() + 5);
      // setTimeout overflows past 2^31-1 ms (~24.8 days); the alarm covers longer waits.
      if (delay < 2 ** 31 - 1) this.timer = this.clock.setTimeout(this.onDue, delay);
    }
    // Created once, not on every reconcile: re-creating an alarm restarts its period.
    if (!countdownShown) await this.alarms.clear(TICK_ALARM);
    else if (!(await this.alarms.exists(TICK_ALARM))) {
      await this.alarms.create(TICK_ALARM, { periodInMinutes: 1 });
    }
  }
}
