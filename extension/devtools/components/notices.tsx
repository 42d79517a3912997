import { usePanelState, useStore } from './store-context.ts';

/** What the list is showing, if it is not the live tab, and what it left out. */
export function Notices() {
  const store = useStore();
  const source = usePanelState((s) => s.source);
  const dropped = usePanelState((s) => s.dropped);
  const cap = usePanelState((s) => s.cap);
  const errors = usePanelState((s) => s.inputErrors);
  const canGoLive = store.canGoLive;
  return (
    <>
      {source.kind === 'file' ? (
        <div class="notice" role="status">
          Showing <strong>{source.name}</strong>.{' '}
          {canGoLive ? (
            <button type="button" class="link" onClick={() => void store.actions.reloadLive()}>
              Back to the live tab
            </button>
          ) : null}
        </div>
      ) : null}
      {dropped ? (
        <div class="notice" role="status">
          Keeping the last {cap.toLocaleString('en')} requests: {dropped.toLocaleString('en')} older
          ones were dropped to bound memory.
        </div>
      ) : null}
      {errors.length ? (
        <details class="notice notice-warn">
          <summary>
            {errors.length} problem{errors.length === 1 ? '' : 's'} in the file (the rest was read)
          </summary>
          <ul>
            {errors.slice(0, 50).map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
          {errors.length > 50 ? <p class="muted">…and {errors.length - 50} more.</p> : null}
        </details>
      ) : null}
    </>
  );
}
