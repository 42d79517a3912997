/** Relax a site from the options page (the popup does it for the current tab). */
import { useState } from 'preact/hooks';
import { parseApiOrigin, parseSiteOrigin } from '../../src/overrides/index.ts';
import { isLocalDevSite } from '../../src/overrides/local-site.ts';
import { hostPatternsFor } from '../../src/overrides/host-patterns.ts';
import { DURATION_CHOICES } from '../../src/protocol/messages.ts';
import { ConfirmPublicSite } from '../ui/ConfirmPublicSite.tsx';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { formatDuration } from '../ui/format.ts';
import { ErrorNotice } from '../ui/IssueList.tsx';
import { TextField } from './fields.tsx';
import { parseList } from './list-input.ts';

interface Props {
  env: PageEnv;
  onCreated(): void;
}

export function NewOverrideForm({ env, onCreated }: Props) {
  const [site, setSite] = useState('');
  const [apis, setApis] = useState('');
  const [duration, setDuration] = useState<number>(60);
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  /** A public site, checked and waiting for the user's explicit confirmation. */
  const [confirming, setConfirming] = useState<
    { site: string; apiOrigins: string[] | 'any' } | undefined
  >();

  const create = (origin: string, apiOrigins: string[] | 'any'): void => {
    // Synchronously in the click: the permission prompt needs the user's gesture.
    const access = env.requestHostAccess(hostPatternsFor({ site: origin, apiOrigins }));
    setBusy(true);
    void (async () => {
      try {
        if (!(await access)) {
          setError({ message: 'Host access was not granted; nothing was changed.', issues: [] });
          return;
        }
        await env.client.call('createOverride', { site: origin, apiOrigins, duration });
        setSite('');
        setApis('');
        onCreated();
      } catch (e) {
        setError(shownError(e));
      } finally {
        setBusy(false);
      }
    })();
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    setError(undefined);
    setConfirming(undefined);
    const parsed = parseSiteOrigin(site);
    if (parsed.origin === undefined) {
      setError({ message: parsed.error ?? 'Not a valid origin.', issues: [] });
      return;
    }
    const list = parseList(apis);
    for (const entry of list) {
      const api = parseApiOrigin(entry);
      if (api.origin === undefined) {
        setError({ message: `${entry}: ${api.error ?? 'not a valid origin'}`, issues: [] });
        return;
      }
    }
    const apiOrigins = list.length > 0 ? list : ('any' as const);
    if (!isLocalDevSite(parsed.origin)) {
      setConfirming({ site: parsed.origin, apiOrigins });
      return;
    }
    create(parsed.origin, apiOrigins);
  };

  return (
    <form class="card new-override" onSubmit={submit} aria-labelledby="new-title">
      <h2 id="new-title">Relax a site</h2>
      <div class="fields">
        <TextField
          class="field"
          placeholder="http://localhost:5173"
          value={site}
          onValue={setSite}
          required
        >
          Site
        </TextField>
        <TextField
          class="field field-wide"
          placeholder="http://localhost:3000, https://api.example.com"
          value={apis}
          onValue={setApis}
        >
          API origins <span class="hint">(empty: any)</span>
        </TextField>
        <fieldset class="segmented" aria-label="For how long">
          {DURATION_CHOICES.filter((c): c is number => c !== 'tab-close').map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name="new-duration"
                checked={duration === choice}
                onChange={() => setDuration(choice)}
              />
              {formatDuration(choice)}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          Relax
        </button>
      </div>
      {confirming && (
        <ConfirmPublicSite
          site={confirming.site}
          action="Relax"
          onConfirm={() => {
            setConfirming(undefined);
            create(confirming.site, confirming.apiOrigins);
          }}
          onCancel={() => setConfirming(undefined)}
        />
      )}
      {error && <ErrorNotice error={error} />}
    </form>
  );
}
