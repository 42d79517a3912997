/**
 * The popup: the current tab's site, one switch to relax it for a chosen time, and — while relaxed —
 * what the override adds, what it learned, how many requests it relaxed and the time left.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ALL_HTTP_HOSTS, hostPatternsFor } from '../../src/overrides/host-patterns.ts';
import {
  DURATION_CHOICES,
  type Capabilities,
  type OverrideDraft,
  type TabState,
} from '../../src/protocol/messages.ts';
import { isLocalDevSite } from '../../src/overrides/local-site.ts';
import { ConfirmPublicSite } from '../ui/ConfirmPublicSite.tsx';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { formatDuration } from '../ui/format.ts';
import { IssueList } from '../ui/IssueList.tsx';
import { PopupPackageHint } from '../ui/PackageHint.tsx';
import { Switch } from '../ui/Switch.tsx';
import { RelaxedDetails } from './RelaxedDetails.tsx';

const REFRESH_MS = 5000;

type Duration = number | 'tab-close';

export function Popup({ env }: { env: PageEnv }) {
  const [tabId, setTabId] = useState<number | undefined>();
  const [state, setState] = useState<TabState | undefined>();
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  const [duration, setDuration] = useState<Duration>(60);
  const [loaded, setLoaded] = useState(false);
  const [capabilities, setCapabilities] = useState<Capabilities | undefined>();
  /** A public site waits for this confirmation before it is relaxed or resumed. */
  const [confirming, setConfirming] = useState<'Relax' | 'Resume' | undefined>();

  const refresh = useCallback(
    async (id: number | undefined) => {
      if (id === undefined) return;
      try {
        setState(await env.client.call('getTabState', { tabId: id }));
      } catch (e) {
        setError(shownError(e));
      }
    },
    [env],
  );

  useEffect(() => {
    let stop = false;
    // Unknown until it answers: the popup then shows what it has, as before.
    void env.client.call('getCapabilities', undefined).then(
      (caps) => !stop && setCapabilities(caps),
      () => undefined,
    );
    void env.activeTabId().then(async (id) => {
      if (stop) return;
      setTabId(id);
      await refresh(id);
      setLoaded(true);
    });
    return () => {
      stop = true;
    };
  }, [env, refresh]);

  useEffect(() => {
    if (tabId === undefined) return;
    const timer = setInterval(() => void refresh(tabId), REFRESH_MS);
    const unsubscribe = env.onOverridesChanged(() => void refresh(tabId));
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [env, tabId, refresh]);

  const refused = (): void =>
    setError({
      message:
        'CORS Lens needs access to the site and its API hosts to add CORS headers. Nothing was changed.',
      issues: [],
    });

  const relax = (id: number, origin: string): void => {
    const draft: OverrideDraft = { site: origin, duration, tabId: id };
    // Both calls start synchronously in the click. The intent goes to the background first:
    // Firefox may close the popup once its permission prompt opens, and then nothing after an await
    // here runs; the background creates the override itself when the grant arrives. The prompt
    // needs this user gesture. Relaxing with API origins "any" needs every http(s) host (DNR
    // modifies a response only with access to both the page and the API).
    const staged = env.client.call('createOverrideWhenGranted', draft);
    const access = env.requestHostAccess([...ALL_HTTP_HOSTS]).catch(() => false);
    void (async () => {
      try {
        const [result, granted] = await Promise.all([staged, access]);
        // Still open (Chrome, or a Firefox that kept the popup): settle it now rather than wait
        // for permissions.onAdded, so the state shown next is final.
        if (result.pendingId !== undefined) {
          await env.client.call('settlePendingOverride', { pendingId: result.pendingId, granted });
        }
        if (!granted && result.override === undefined) refused();
        await refresh(id);
      } catch (e) {
        setError(shownError(e));
      } finally {
        setBusy(false);
      }
    })();
  };

  const toggle = (on: boolean): void => {
    if (tabId === undefined || !state?.origin) return;
    setError(undefined);
    if (on && !isLocalDevSite(state.origin)) {
      setConfirming('Relax');
      return;
    }
    setBusy(true);
    if (on) {
      relax(tabId, state.origin);
      return;
    }
    void (async () => {
      try {
        // Explicit delete rather than toggleTab: a stale popup must not turn an override that just
        // ended back on.
        if (state.override) await env.client.call('deleteOverride', { id: state.override.id });
        await refresh(tabId);
      } catch (e) {
        setError(shownError(e));
      } finally {
        setBusy(false);
      }
    })();
  };

  const grant = (): void => {
    const missing = state?.missingHostPermissions;
    if (!missing || !state?.override) return;
    void env.requestHostAccess(hostPatternsFor(state.override)).then(() => refresh(tabId));
  };

  const confirmed = (): void => {
    const what = confirming;
    setConfirming(undefined);
    if (tabId === undefined || !state?.origin) return;
    if (what === 'Resume') resume(true);
    else {
      setBusy(true);
      relax(tabId, state.origin);
    }
  };

  const resume = (sure = false): void => {
    const id = state?.override?.id;
    if (!id) return;
    if (!sure && !isLocalDevSite(state.override!.site)) {
      setConfirming('Resume');
      return;
    }
    void env.client.call('updateOverride', { id, patch: { paused: false } }).then(
      () => refresh(tabId),
      (e: unknown) => setError(shownError(e)),
    );
  };

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>CORS Lens</h1>
        <button type="button" class="link" onClick={() => void env.openOptions()}>
          All overrides
        </button>
      </header>
      {state?.settingsUnreadable && (
        <p class="notice error" role="alert">
          {state.settingsUnreadable}
        </p>
      )}
      {!loaded && !error && <p class="muted">Loading…</p>}
      {loaded && tabId === undefined && <p class="muted">No active tab.</p>}
      {state && state.origin === undefined && (
        <section class="not-candidate" aria-live="polite">
          <p>Nothing to relax here.</p>
          <p class="muted">{state.notCandidate}</p>
        </section>
      )}
      {state?.origin !== undefined && (
        <section class="site" aria-live="polite">
          <p class="site-origin mono" title="The site, by exact origin">
            {state.origin}
          </p>
          <Switch
            checked={state.override !== undefined}
            label={state.override ? 'CORS relaxed for this site' : 'Relax CORS for this site'}
            disabled={busy || confirming !== undefined}
            onChange={toggle}
          />
          {confirming && (
            <ConfirmPublicSite
              site={state.origin}
              action={confirming}
              onConfirm={confirmed}
              onCancel={() => setConfirming(undefined)}
            />
          )}
          {!state.override && (
            <fieldset class="segmented" aria-label="For how long">
              {DURATION_CHOICES.map((choice) => (
                <label key={String(choice)}>
                  <input
                    type="radio"
                    name="duration"
                    value={String(choice)}
                    checked={duration === choice}
                    disabled={busy}
                    onChange={() => setDuration(choice)}
                  />
                  {formatDuration(choice)}
                </label>
              ))}
            </fieldset>
          )}
          {!state.override && (
            <p class="muted small">
              Adds credentials-correct CORS headers to this site's cross-origin requests, in the
              tabs showing it only, until the time runs out.
            </p>
          )}
          {state.override && (
            <RelaxedDetails
              state={state}
              env={env}
              capabilities={capabilities}
              onGrant={grant}
              onResume={() => resume()}
            />
          )}
          <PopupPackageHint capabilities={capabilities} />
        </section>
      )}
      {error && (
        <div class="notice notice-error" role="alert">
          <p>{error.message}</p>
          <IssueList issues={error.issues} />
        </div>
      )}
    </main>
  );
}
