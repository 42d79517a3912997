/** Shown when stored overrides failed validation and were set aside (never deleted). */
import type { StorageRecovery } from '../../src/protocol/messages.ts';
import { IssueList } from '../ui/IssueList.tsx';

interface Props {
  recovery: StorageRecovery;
  onDismiss(): void;
}

export function RecoveryNotice({ recovery, onDismiss }: Props) {
  return (
    <section class="notice notice-warn recovery" role="status" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Stored overrides could not be read</h2>
      <p>
        On {new Date(recovery.at).toLocaleString()} CORS Lens found overrides in storage it could
        not use. It kept the {recovery.kept} that were valid and set the original data aside,
        untouched, under the storage key <code>{recovery.keptUnder}</code>. What was wrong:
      </p>
      <IssueList issues={recovery.errors} />
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
