/**
 * An in-memory declarativeNetRequest session-rule store with the checks Chrome makes on
 * updateSessionRules (unique ids, atomic apply), plus switches to make it fail like a browser can.
 */
import type { DnrRule } from '../../../src/overrides/index.ts';
import type { DnrPort, MatchedRule } from '../../../extension/background/ports.ts';

export class FakeDnr implements DnrPort {
  rules: DnrRule[] = [];
  updates: { addRules?: DnrRule[]; removeRuleIds?: number[] }[] = [];
  /** Next updateSessionRules calls throw this many times. */
  failNextUpdates = 0;
  matched: MatchedRule[] = [];
  /** getMatchedRules rejects (no feedback permission / activeTab). */
  matchedDenied = false;
  matchedCalls = 0;
  /** Rules the browser refuses (e.g. a condition it does not support): any update adding one fails. */
  refuseRule: ((rule: DnrRule) => boolean) | undefined;

  async getSessionRules(): Promise<DnrRule[]> {
    return structuredClone(this.rules);
  }

  async updateSessionRules(update: { addRules?: DnrRule[]; removeRuleIds?: number[] }) {
    this.updates.push(structuredClone(update));
    if (this.failNextUpdates > 0) {
      this.failNextUpdates--;
      throw new Error('Internal error while updating rules.');
    }
    if (this.refuseRule && (update.addRules ?? []).some(this.refuseRule)) {
      throw new Error('Invalid rule: the browser does not support this condition.');
    }
    const remove = new Set(update.removeRuleIds ?? []);
    const next = this.rules.filter((r) => !remove.has(r.id));
    for (const rule of update.addRules ?? []) {
      if (next.some((r) => r.id === rule.id)) {
        throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
      }
      next.push(structuredClone(rule));
    }
    this.rules = next;
  }

  async getMatchedRules(filter: { tabId: number; minTimeStamp?: number }): Promise<MatchedRule[]> {
    this.matchedCalls++;
    if (this.matchedDenied) throw new Error('The extension does not have permission.');
    return this.matched.filter(
      (m) => m.tabId === filter.tabId && m.timeStamp >= (filter.minTimeStamp ?? 0),
    );
  }

  /** Rule ids applying to a tab, sorted: what tests compare. */
  idsForTab(tabId: number): number[] {
    return this.rules
      .filter((r) => r.condition.tabIds?.includes(tabId))
      .map((r) => r.id)
      .sort((a, b) => a - b);
  }

  /** Chrome forgets session rules when the browser restarts. */
  browserRestart(): void {
    this.rules = [];
  }
}
