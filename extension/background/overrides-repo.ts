/**
 * The overrides in storage.local: validated on every read, never trusted. Data that fails
 * validation (an older version's format, a hand edit, a disk error) is moved aside under its own key
 * — never deleted — the entries that still validate on their own are kept, and a recovery notice is
 * stored for the options page. Only a few set-aside copies are kept (CORRUPT_COPIES_KEPT, newest
 * first): a disk that keeps failing must not fill storage.local.
 *
 * A read that fails (storage itself refused) throws a StorageReadError: nothing can be known about
 * the overrides then, so nobody may write (a write would replace them all with what the caller
 * thought was there) or give anything back on the strength of it. The reconciler retries.
 */
import type { InputError } from '../../src/cors/types.ts';
import {
  validateOverride,
  validateOverrideList,
  type Override,
} from '../../src/overrides/index.ts';
import { OVERRIDES_STORAGE_KEY, type StorageRecovery } from '../../src/protocol/messages.ts';
import type { KeyValueArea, Logger } from './ports.ts';
import { ProtocolFailure } from './protocol-failure.ts';

export const RECOVERY_KEY = 'recovery';
export const CORRUPT_KEY_PREFIX = 'overrides.corrupt.';
/** Set-aside copies kept; older ones are removed when a new one is set aside. */
export const CORRUPT_COPIES_KEPT = 5;

/** storage.local refused a read: the overrides are unknown, so nothing is changed. */
export class StorageReadError extends ProtocolFailure {
  constructor(readonly why: string) {
    super(
      `CORS Lens could not read its settings from the browser's storage (${why}). Nothing was changed; it keeps retrying.`,
    );
  }
}

/** Keeps every entry that validates alone and does not repeat an earlier id or site. */
function salvage(raw: unknown): Override[] {
  if (!Array.isArray(raw)) return [];
  const kept: Override[] = [];
  for (const entry of raw) {
    const { value } = validateOverride(entry);
    if (!value) continue;
    if (kept.some((o) => o.id === value.id || o.site === value.site)) continue;
    kept.push(value);
  }
  return kept;
}

function corruptCopyTime(key: string): number {
  const at = Number(key.slice(CORRUPT_KEY_PREFIX.length));
  return Number.isFinite(at) ? at : 0;
}

export class OverridesRepo {
  constructor(
    private readonly area: KeyValueArea,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async load(): Promise<Override[]> {
    let raw: unknown;
    try {
      raw = (await this.area.get(OVERRIDES_STORAGE_KEY))[OVERRIDES_STORAGE_KEY];
    } catch (e) {
      // Storage itself failed: the overrides are unknown, not empty. Callers must not write.
      this.log.warn('Could not read the overrides from storage.local', e);
      throw new StorageReadError(e instanceof Error ? e.message : String(e));
    }
    if (raw === undefined) return [];
    const checked = validateOverrideList(raw);
    if (checked.value) return checked.value;
    return this.quarantine(raw, checked.errors);
  }

  async save(overrides: readonly Override[]): Promise<void> {
    await this.area.set({ [OVERRIDES_STORAGE_KEY]: overrides });
  }

  private async quarantine(raw: unknown, errors: InputError[]): Promise<Override[]> {
    const at = this.now();
    const keptUnder = `${CORRUPT_KEY_PREFIX}${at}`;
    const kept = salvage(raw);
    const recovery: StorageRecovery = {
      at,
      keptUnder,
      errors: errors.slice(0, 50).map((e) => ({ path: e.path, message: e.message })),
      kept: kept.length,
    };
    this.log.warn(`Stored overrides failed validation; set aside under "${keptUnder}"`, errors);
    try {
      await this.area.set({
        [keptUnder]: raw,
        [OVERRIDES_STORAGE_KEY]: kept,
        [RECOVERY_KEY]: recovery,
      });
    } catch (e) {
      this.log.warn('Could not set the corrupt overrides aside', e);
    }
    await this.pruneCorruptCopies();
    return kept;
  }

  /** Keeps the newest CORRUPT_COPIES_KEPT set-aside copies, removes the rest. */
  private async pruneCorruptCopies(): Promise<void> {
    try {
      const all = await this.area.get(null);
      const copies = Object.keys(all)
        .filter((k) => k.startsWith(CORRUPT_KEY_PREFIX))
        .sort((a, b) => corruptCopyTime(b) - corruptCopyTime(a));
      const old = copies.slice(CORRUPT_COPIES_KEPT);
      if (old.length > 0) await this.area.remove(old);
    } catch (e) {
      this.log.warn('Could not remove old set-aside overrides', e);
    }
  }

  async recovery(): Promise<StorageRecovery | null> {
    const raw = (await this.area.get(RECOVERY_KEY))[RECOVERY_KEY];
    if (typeof raw !== 'object' || raw === null) return null;
    const r = raw as Partial<StorageRecovery>;
    if (typeof r.at !== 'number' || typeof r.keptUnder !== 'string' || !Array.isArray(r.errors)) {
      return null;
    }
    return {
      at: r.at,
      keptUnder: r.keptUnder,
      errors: r.errors.filter(
        (e): e is { path: string; message: string } =>
          typeof e?.path === 'string' && typeof e.message === 'string',
      ),
      kept: typeof r.kept === 'number' ? r.kept : 0,
    };
  }

  async dismissRecovery(): Promise<void> {
    await this.area.remove(RECOVERY_KEY);
  }
}
