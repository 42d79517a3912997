/**
 * The overrides in storage.local: validated on every read, never trusted. Data that fails
 * validation (an older version's format, a hand edit, a disk error) is moved aside under its own key
 * — never deleted — the entries that still validate on their own are kept, and a recovery notice is
 * stored for the options page. Reading never throws.
 */
import type { InputError } from '../../src/cors/types.ts';
import {
  validateOverride,
  validateOverrideList,
  type Override,
} from '../../src/overrides/index.ts';
import { OVERRIDES_STORAGE_KEY, type StorageRecovery } from '../../src/protocol/messages.ts';
import type { KeyValueArea, Logger } from './ports.ts';

export const RECOVERY_KEY = 'recovery';
export const CORRUPT_KEY_PREFIX = 'overrides.corrupt.';

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
      // Storage itself failed: run with no overrides this time rather than crash; nothing is lost.
      this.log.warn('Could not read the overrides from storage.local', e);
      return [];
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
    return kept;
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
