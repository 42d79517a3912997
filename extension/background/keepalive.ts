/**
 * Keeps the service worker running while an override is active, so the learning listeners (added
 * at run time, see learning.ts) and the precise expiry timer stay in place. Chrome stops an idle
 * extension worker after 30 s without events or extension API calls; since Chrome 110 any API call
 * resets that timer (the documented way to keep a WebSocket open). Off as soon as no override is
 * active: an idle CORS Lens runs nothing.
 */
import type { Clock } from './ports.ts';

export const KEEPALIVE_INTERVAL_MS = 20_000;

export class KeepAlive {
  private handle: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly ping: () => void,
  ) {}

  set(on: boolean): void {
    if (on && this.handle === undefined) {
      this.handle = this.clock.setInterval(this.ping, KEEPALIVE_INTERVAL_MS);
    } else if (!on && this.handle !== undefined) {
      this.clock.clearInterval(this.handle);
      this.handle = undefined;
    }
  }

  get active(): boolean {
    return this.handle !== undefined;
  }
}
