/**
 * Keeps the per-tab badge in line with the relaxed tabs. The set of tabs we badged lives in
 * storage.session, so a worker woken later still clears a badge an earlier one set.
 */
import type { Override } from '../../src/overrides/index.ts';
import { BADGE_COLOR, badgeText, badgeTitle } from './badge-text.ts';
import type { ActionPort, Logger } from './ports.ts';
import type { SessionState } from './session-state.ts';

export interface RelaxedTab {
  tabId: number;
  override: Override;
}

export class Badges {
  constructor(
    private readonly action: ActionPort,
    private readonly session: SessionState,
    private readonly log: Logger,
  ) {}

  async sync(relaxed: readonly RelaxedTab[], now: number): Promise<void> {
    const before = await this.session.badgedTabs();
    const now_ = new Set(relaxed.map((r) => r.tabId));
    // A closed tab's badge goes with the tab; setting it would only fail.
    const stale = before.filter((id) => !now_.has(id));
    await Promise.all([
      ...relaxed.map((r) => this.show(r, now)),
      ...stale.map((tabId) => this.clear(tabId)),
    ]);
    await this.session.setBadgedTabs([...now_].sort((a, b) => a - b));
  }

  private async show({ tabId, override }: RelaxedTab, now: number): Promise<void> {
    try {
      await this.action.setBadgeBackgroundColor(tabId, BADGE_COLOR);
      await this.action.setBadgeText(tabId, badgeText(override, now));
      await this.action.setTitle(tabId, badgeTitle(override, now));
    } catch (e) {
      this.log.warn(`Could not set the badge of tab ${tabId}`, e);
    }
  }

  private async clear(tabId: number): Promise<void> {
    try {
      await this.action.setBadgeText(tabId, '');
      await this.action.setTitle(tabId, 'CORS Lens');
    } catch {
      // The tab is gone, and its badge with it.
    }
  }
}
