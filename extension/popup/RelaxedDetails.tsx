/** The popup's body while the tab's site has an override. */
import type { Capabilities, TabState } from '../../src/protocol/messages.ts';
import type { PageEnv } from '../ui/env.ts';
import { formatRemaining } from '../ui/format.ts';
import { Limitations } from '../ui/Limitations.tsx';
import { ServerFixView } from '../ui/ServerFixView.tsx';
import { useNow } from '../ui/use-now.ts';
import { ServiceWorkersNote } from './ServiceWorkersNote.tsx';

interface Props {
  state: TabState;
  env: PageEnv;
  /** undefined until the background answers. */
  capabilities: Capabilities | undefined;
  onGrant(): void;
  onResume(): void;
}

function Status({ state, onGrant, onResume }: Props) {
  const o = state.override!;
  if (o.paused) {
    return (
      <p class="notice">
        Paused.{' '}
        <button type="button" class="link" onClick={onResume}>
          Resume
        </button>
      </p>
    );
  }
  if (state.missingHostPermissions) {
    return (
      <p class="notice notice-warn">
        Waiting for access to {state.missingHostPermissions.join(', ')}.{' '}
        <button type="button" class="link" onClick={onGrant}>
          Grant access
        </button>
      </p>
    );
  }
  if (!state.relaxed) {
    return (
      <p class="notice">
        Not active in this tab{o.scope.kind === 'tab' ? ` (only in tab ${o.scope.tabId})` : ''}.
      </p>
    );
  }
  return null;
}

function RelaxedCount({ state, capabilities }: Pick<Props, 'state' | 'capabilities'>) {
  // Firefox cannot count matched rules: say so instead of a count that stays 0 "(last known)".
  if (capabilities?.relaxedCount === false) {
    return (
      <div>
        <dt>Requests relaxed</dt>
        <dd
          class="muted unavailable"
          data-testid="relaxed-count-unavailable"
          title={capabilities.relaxedCountNote}
        >
          not counted in this browser
        </dd>
      </div>
    );
  }
  return (
    <div>
      <dt>Requests relaxed</dt>
      <dd data-testid="relaxed-count">
        {state.relaxedCount}
        {state.relaxedCountFresh === false && (
          <span class="muted" title="Chrome limits how often CORS Lens may ask">
            {' '}
            (last known)
          </span>
        )}
      </dd>
    </div>
  );
}

export function RelaxedDetails(props: Props) {
  const { state, env } = props;
  const o = state.override!;
  const now = useNow(env.now);
  // remainingMs was measured when the state arrived; count down locally from the end time.
  const left = o.end.kind === 'at' ? o.end.at - now : undefined;
  const learned = [...o.learned.methods, ...o.learned.requestHeaders];
  return (
    <div class="relaxed-details">
      <dl class="facts">
        <div>
          <dt>Time left</dt>
          <dd class="mono" data-testid="time-left">
            {left === undefined ? 'until this tab closes' : formatRemaining(left)}
          </dd>
        </div>
        <RelaxedCount state={state} capabilities={props.capabilities} />
        <div>
          <dt>API origins</dt>
          <dd>{o.apiOrigins === 'any' ? 'any' : o.apiOrigins.join(', ')}</dd>
        </div>
      </dl>
      <Status {...props} />
      <Limitations items={state.limitations} />
      <ServiceWorkersNote state={state.serviceWorkers} />
      {state.answeringPreflights && (
        <p class="notice">Answering failed preflights (Chrome shows a debugging bar).</p>
      )}
      {state.problems?.map((p) => (
        <p class="notice notice-error" key={p}>
          {p}
        </p>
      ))}
      {state.addedHeaders && state.addedHeaders.length > 0 && (
        <details class="adds" open>
          <summary>What it adds</summary>
          <ul class="header-list mono">
            {state.addedHeaders.map((h) => (
              <li key={`${h.name}:${h.value}`}>
                <strong>{h.name}</strong>: {h.value}
                <span class="when">{h.when}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <section class="learned">
        <h2>Learned</h2>
        {state.relaxed && (
          <p class="muted small" data-testid="learning-state">
            {state.learningUntil !== undefined && state.learningUntil > now
              ? `Watching the preflights of failed requests for ${formatRemaining(state.learningUntil - now)} more.`
              : 'Watching for failed requests: a failure teaches its method at once, its headers on the retry (at once with DevTools open on this tab).'}
          </p>
        )}
        {learned.length === 0 ? (
          <p class="muted small">
            Nothing yet. When a preflight asks for a method or header the override does not allow,
            it is added here and the retry passes.
          </p>
        ) : (
          <ul class="tags" data-testid="learned">
            {learned.map((item) => (
              <li key={item} class="mono">
                {item}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ServerFixView override={o} />
    </div>
  );
}
