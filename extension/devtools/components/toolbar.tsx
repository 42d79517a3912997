import type { Ref } from 'preact';
import { usePanelState, useStore } from './store-context.ts';

export type Dialog = 'export' | 'console' | undefined;

/** Filters, capture controls, the blocked count and the offline tools. */
export function Toolbar(props: {
  searchRef: Ref<HTMLInputElement>;
  onOpenHar: () => void;
  dialog: Dialog;
  onDialog: (dialog: Dialog) => void;
}) {
  const store = useStore();
  const filters = usePanelState((s) => s.filters);
  const counts = usePanelState((s) => s.counts);
  const source = usePanelState((s) => s.source);
  const preserveLog = usePanelState((s) => s.preserveLog);
  const shown = usePanelState((s) => s.visible.length);
  const { actions } = store;
  const toggle = (dialog: Dialog) => props.onDialog(props.dialog === dialog ? undefined : dialog);

  return (
    <div class="toolbar" role="toolbar" aria-label="CORS Lens">
      <span
        class={`blocked-count${counts.blocked ? ' has-blocked' : ''}`}
        role="status"
        aria-live="polite"
        title="Blocked cross-origin requests"
      >
        {counts.blocked} blocked
      </span>
      {counts.relaxed ? (
        <span class="relaxed-count" title="Passing only because of a CORS Lens override">
          {counts.relaxed} relaxed
        </span>
      ) : null}
      <input
        ref={props.searchRef}
        class="search"
        type="search"
        placeholder="Filter URLs  ( / )"
        aria-label="Filter by URL"
        value={filters.text}
        onInput={(e) => actions.setFilters({ text: e.currentTarget.value })}
      />
      <label class="check">
        <input
          type="checkbox"
          checked={filters.blockedOnly}
          onChange={(e) => actions.setFilters({ blockedOnly: e.currentTarget.checked })}
        />
        Blocked only
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={filters.showSameOrigin}
          onChange={(e) => actions.setFilters({ showSameOrigin: e.currentTarget.checked })}
        />
        Same-origin
      </label>
      {source.kind === 'live' ? (
        <>
          <label class="check">
            <input
              type="checkbox"
              checked={preserveLog}
              onChange={(e) => actions.setPreserveLog(e.currentTarget.checked)}
            />
            Preserve log
          </label>
          <button type="button" onClick={() => actions.clear()} title="Clear the list">
            Clear
          </button>
        </>
      ) : null}
      <span class="toolbar-spacer" />
      <span class="shown-count muted">
        {filters.showSameOrigin
          ? `${shown} of ${counts.total} requests`
          : `${shown} of ${counts.crossOrigin} cross-origin`}
      </span>
      <button type="button" onClick={props.onOpenHar} title="Analyse a HAR file (or drop one here)">
        Open HAR…
      </button>
      <button
        type="button"
        aria-pressed={props.dialog === 'console'}
        onClick={() => toggle('console')}
        title="Paste a console error and get the explanation"
      >
        Explain error
      </button>
      {store.openInTab ? (
        <button
          type="button"
          onClick={store.openInTab}
          title="Open this panel in a tab, attached to the inspected tab (needs DevTools to stay open)"
        >
          Open in tab
        </button>
      ) : null}
      <button
        type="button"
        aria-pressed={props.dialog === 'export'}
        onClick={() => toggle('export')}
        disabled={counts.total === 0}
      >
        Export
      </button>
    </div>
  );
}
