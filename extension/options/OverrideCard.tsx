/** One override in the options list: what it does at a glance, and its actions. */
import { useState } from 'preact/hooks';
import type { Override } from '../../src/overrides/index.ts';
import type { Capabilities } from '../../src/protocol/messages.ts';
import { isLocalDevSite } from '../../src/overrides/local-site.ts';
import { ConfirmPublicSite } from '../ui/ConfirmPublicSite.tsx';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { describeEnd, describeScope } from '../ui/format.ts';
import { Limitations } from '../ui/Limitations.tsx';
import { ServerFixView } from '../ui/ServerFixView.tsx';
import { OverrideEditor } from './OverrideEditor.tsx';

interface Props {
  override: Override;
  env: PageEnv;
  now: number;
  capabilities: Capabilities;
  /** What its rules cannot do in this browser (getLimitations). */
  limitations: string[] | undefined;
  /** What went wrong installing it (getHealth), e.g. rules the browser refused. */
  problems?: string[];
  onChanged(): void;
}

export function OverrideCard({
  override: o,
  env,
  now,
  capabilities,
  limitations,
  problems,
  onChanged,
}: Props) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const setPaused = (paused: boolean): void =>
    run(env.client.call('updateOverride', { id: o.id, patch: { paused } }));
  const [error, setError] = useState<ShownError | undefined>();
  const run = (task: Promise<unknown>): void => {
    setError(undefined);
    void task.then(onChanged, (e: unknown) => setError(shownError(e)));
  };
  const learned = [...o.learned.methods, ...o.learned.requestHeaders];
  return (
    <article class="card override" aria-labelledby={`site-${o.id}`}>
      <header class="override-head">
        <h2 id={`site-${o.id}`} class="mono">
          {o.site}
        </h2>
        <span class={o.paused ? 'chip' : 'chip chip-relaxed'}>{o.paused ? 'Paused' : 'On'}</span>
        <span class="muted">{describeEnd(o, now)}</span>
        <span class="spacer" />
        <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          Edit
        </button>
        <button
          type="button"
          onClick={() => {
            // Resuming a public site (e.g. one an import paused) is relaxing it: confirm first.
            if (o.paused && !isLocalDevSite(o.site)) setConfirming(true);
            else setPaused(!o.paused);
          }}
        >
          {o.paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          class="danger"
          aria-label={`Delete the override for ${o.site}`}
          onClick={() => run(env.client.call('deleteOverride', { id: o.id }))}
        >
          Delete
        </button>
      </header>
      <dl class="summary">
        <dt>API origins</dt>
        <dd class="mono">{o.apiOrigins === 'any' ? 'any' : o.apiOrigins.join(', ')}</dd>
        <dt>Credentials</dt>
        <dd>{o.credentials ? 'allowed' : 'not allowed'}</dd>
        <dt>Scope</dt>
        <dd>{describeScope(o)}</dd>
        {(o.methods.length > 0 || o.requestHeaders.length > 0 || o.exposeHeaders.length > 0) && (
          <>
            <dt>Adds</dt>
            <dd class="mono">
              {[
                [...o.methods, ...o.requestHeaders].join(', '),
                o.exposeHeaders.length > 0 ? `exposes ${o.exposeHeaders.join(', ')}` : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </>
        )}
        <dt>Learned</dt>
        <dd class="mono">
          {learned.length > 0 ? learned.join(', ') : <span class="muted">nothing yet</span>}
          {learned.length > 0 && (
            <>
              {' '}
              <button
                type="button"
                class="link"
                onClick={() =>
                  run(
                    env.client.call('updateOverride', {
                      id: o.id,
                      patch: { learned: { methods: [], requestHeaders: [] } },
                    }),
                  )
                }
              >
                Forget
              </button>
            </>
          )}
        </dd>
        {o.answerPreflights && (
          <>
            <dt>Preflights</dt>
            <dd>answered when the server fails them (debugger)</dd>
          </>
        )}
      </dl>
      {confirming && (
        <ConfirmPublicSite
          site={o.site}
          action="Resume"
          onConfirm={() => {
            setConfirming(false);
            setPaused(false);
          }}
          onCancel={() => setConfirming(false)}
        />
      )}
      {problems && problems.length > 0 && (
        <ul class="notice error problems" aria-label={`Problems with ${o.site}`}>
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <Limitations items={limitations} />
      {error && (
        <p class="notice notice-error" role="alert">
          {error.message}
        </p>
      )}
      {editing && (
        <OverrideEditor
          override={o}
          env={env}
          capabilities={capabilities}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      <ServerFixView override={o} />
    </article>
  );
}
