/** Settings that are not about one override: for now, giving back host access nothing needs. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../src/protocol/messages.ts';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { Switch } from '../ui/Switch.tsx';

export function SettingsSection({ env }: { env: PageEnv }) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<ShownError | undefined>();

  useEffect(() => {
    void env.client.call('getSettings', undefined).then(setSettings, (e: unknown) => {
      setError(shownError(e));
    });
  }, [env]);

  const change = (patch: Partial<Settings>): void => {
    setError(undefined);
    void env.client.call('updateSettings', patch).then(setSettings, (e: unknown) => {
      setError(shownError(e));
    });
  };

  return (
    <section aria-labelledby="settings-title" class="card settings">
      <h2 id="settings-title">Settings</h2>
      <Switch
        checked={settings?.giveBackHostAccess ?? true}
        disabled={settings === undefined}
        label="Give back site access when an override ends"
        onChange={(giveBackHostAccess) => change({ giveBackHostAccess })}
      />
      <p class="muted">
        Keeps access only to the sites current overrides use (paused ones included); the browser
        asks again the next time you relax one. Access you granted outside CORS Lens is never
        removed.
      </p>
      {error && (
        <p class="notice notice-error" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
