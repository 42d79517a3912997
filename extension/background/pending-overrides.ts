/**
 * Overrides waiting for host access. The popup must ask for host access from its click, and Firefox
 * may close the popup as soon as its permission prompt opens, taking the popup's code with it: an
 * override created only after `permissions.request` resolves would then never be created. So the
 * popup first tells the background what it wants (`stage`); the background creates it at once when
 * the access is already granted, else keeps it here (storage.session, so a suspended background
 * still has it) until the grant arrives (`commitGranted`, run before every reconcile: on
 * permissions.onAdded and on every wake), the popup reports the prompt's answer (`settle`), or
 * PENDING_OVERRIDE_TTL_MS pass. In Chrome the popup stays open and settles it itself.
 *
 * One pending override at a time: a grant can only be the answer to the latest prompt. Host
 * patterns cannot tell two requests apart (the popup asks for every http(s) host each time), so an
 * older request that was refused in a popup that closed (Firefox) would otherwise be created by the
 * grant of a later request for another site. A new request replaces any older one.
 *
 * Every method must run inside the background's SerialQueue; `changed` says a reconcile is due.
 */
import type { Override } from '../../src/overrides/index.ts';
import { hostPatternsFor, missingPatterns } from '../../src/overrides/host-patterns.ts';
import {
  PENDING_OVERRIDE_TTL_MS,
  type OverrideDraft,
  type StagedOverride,
} from '../../src/protocol/messages.ts';
import { addOverride, overrideFromDraft } from './add-override.ts';
import type { OverridesRepo } from './overrides-repo.ts';
import type { BackgroundPorts } from './ports.ts';
import type { PendingOverride, SessionState } from './session-state.ts';

export interface PendingParts {
  ports: Pick<BackgroundPorts, 'permissions' | 'clock' | 'newId' | 'log'>;
  repo: OverridesRepo;
  session: SessionState;
}

export class PendingOverrides {
  constructor(private readonly p: PendingParts) {}

  private async create(draft: OverrideDraft, now: number): Promise<Override> {
    const { repo, ports } = this.p;
    const { list, result } = addOverride(draft, await repo.load(), now, ports.newId());
    await repo.save(list);
    return result;
  }

  /** Creates the override now if its host access is granted, else keeps it pending. */
  async stage(draft: OverrideDraft): Promise<{ staged: StagedOverride; changed: boolean }> {
    const { ports, session } = this.p;
    const now = ports.clock.now();
    // Validates the draft (a ProtocolFailure names the fields) and settles its defaults.
    const probe = overrideFromDraft(draft, now, 'pending');
    const hostPatterns = hostPatternsFor(probe);
    // A newer intent replaces every older one, whatever its site: the next grant answers it alone.
    const others: PendingOverride[] = [];
    const missing = missingPatterns(hostPatterns, await ports.permissions.grantedOrigins());
    if (missing.length === 0) {
      const override = await this.create(draft, now);
      await session.setPendingOverrides(others);
      return { staged: { override, hostPatterns }, changed: true };
    }
    const entry: PendingOverride = {
      id: ports.newId(),
      site: probe.site,
      draft,
      hostPatterns,
      until: now + PENDING_OVERRIDE_TTL_MS,
    };
    await session.setPendingOverrides([...others, entry]);
    return { staged: { pendingId: entry.id, hostPatterns }, changed: false };
  }

  /**
   * The page's prompt was answered. Granted: create it now (the page saw the grant, whatever the
   * background has heard yet). Refused: forget it. Gone already (created when the grant arrived,
   * or expired): nothing to do.
   */
  async settle(
    pendingId: string,
    granted: boolean,
  ): Promise<{ override: Override | null; changed: boolean }> {
    const { ports, session } = this.p;
    const now = ports.clock.now();
    const pending = await session.pendingOverrides();
    const entry = pending.find((p) => p.id === pendingId);
    if (!entry) return { override: null, changed: false };
    await session.setPendingOverrides(pending.filter((p) => p !== entry));
    if (!granted || entry.until <= now) return { override: null, changed: false };
    return { override: await this.create(entry.draft, now), changed: true };
  }

  /** Creates every pending override whose host access is granted now; forgets expired ones. */
  async commitGranted(): Promise<boolean> {
    const { ports, session, repo } = this.p;
    const pending = await session.pendingOverrides();
    if (pending.length === 0) return false;
    const now = ports.clock.now();
    const live = pending.filter((p) => p.until > now);
    const granted = live.length > 0 ? await ports.permissions.grantedOrigins() : [];
    const ready = live.filter((p) => missingPatterns(p.hostPatterns, granted).length === 0);
    if (ready.length > 0) {
      let list = await repo.load();
      for (const p of ready) {
        try {
          list = addOverride(p.draft, list, now, ports.newId()).list;
        } catch (e) {
          // Validated when staged; only changed defaults could refuse it now. Drop it, say so.
          ports.log.warn(`A pending override for ${p.site} no longer validates`, e);
        }
      }
      await repo.save(list);
    }
    if (ready.length > 0 || live.length !== pending.length) {
      await session.setPendingOverrides(live.filter((p) => !ready.includes(p)));
    }
    return ready.length > 0;
  }
}
