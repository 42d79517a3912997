/** The options page: every override, editable; a form to relax a site; import and export. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Override } from '../../src/overrides/index.ts';
import type { Capabilities, Health, StorageRecovery } from '../../src/protocol/messages.ts';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { useNow } from '../ui/use-now.ts';
import { ImportExport } from './ImportExport.tsx';
import { NewOverrideForm } from './NewOverrideForm.tsx';
import { OverrideCard } from './OverrideCard.tsx';
import { RecoveryNotice } from './RecoveryNotice.tsx';
import { SettingsSection } from './SettingsSection.tsx';

const REFRESH_MS = 5000;

export function Options({ env }: { env: PageEnv }) {
  const [overrides, setOverrides] = useState<Override[] | undefined>();
  const [recovery, setRecovery] = useState<StorageRecovery | null>(null);
  const [capabilities, setCapabilities] = useState<Capabilities>({
    answerPreflights: false,
    relaxedCount: true,
  });
  const [limitations, setLimitations] = useState<Record<string, string[]>>({});
  const [health, setHealth] = useState<Health>({ problems: {} });
  const [error, setError] = useState<ShownError | undefined>();
  const now = useNow(env.now);

  const load = useCallback(async () => {
    try {
      // Health first: while storage cannot be read, the rest still shows the last good read.
      setHealth(await env.client.call('getHealth', undefined));
      const [list, rec, limits] = await Promise.all([
        env.client.call('listOverrides', undefined),
        env.client.call('getRecovery', undefined),
        env.client.call('getLimitations', undefined),
      ]);
      setOverrides(list);
      setRecovery(rec);
      setLimitations(limits);
      setError(undefined);
    } catch (e) {
      setError(shownError(e));
    }
  }, [env]);

  useEffect(() => {
    void load();
    void env.client.call('getCapabilities', undefined).then(setCapabilities, () => undefined);
    const timer = setInterval(() => void load(), REFRESH_MS);
    const unsubscribe = env.onOverridesChanged(() => void load());
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [env, load]);

  const dismiss = (): void => {
    void env.client.call('dismissRecovery', undefined).then(() => setRecovery(null));
  };

  return (
    <main class="options">
      <header class="options-header">
        <h1>CORS Lens overrides</h1>
        <p class="muted">
          Each override relaxes CORS for one dev site, in the tabs showing it, until it ends. It
          adds credentials-correct headers (the site's exact origin, never <code>*</code>) only
          where the server's answer would fail.
        </p>
      </header>
      {health.settingsUnreadable && (
        <p class="notice error" role="alert">
          {health.settingsUnreadable}
        </p>
      )}
      {recovery && <RecoveryNotice recovery={recovery} onDismiss={dismiss} />}
      {error && (
        <p class="notice notice-error" role="alert">
          {error.message}
        </p>
      )}
      <NewOverrideForm env={env} onCreated={() => void load()} />
      <section aria-labelledby="list-title" class="list">
        <h2 id="list-title">
          Overrides {overrides && <span class="muted">({overrides.length})</span>}
        </h2>
        {overrides?.length === 0 && (
          <p class="muted">
            No site is relaxed. Use the toolbar button on a dev tab, or the form above.
          </p>
        )}
        {overrides?.map((o) => (
          <OverrideCard
            key={o.id}
            override={o}
            env={env}
            now={now}
            capabilities={capabilities}
            limitations={limitations[o.id]}
            problems={health.problems[o.id]}
            onChanged={() => void load()}
          />
        ))}
      </section>
      <SettingsSection env={env} />
      <ImportExport env={env} onImported={() => void load()} />
    </main>
  );
}
