/** The popup's line on the site's service workers (requests with no tab), while the tab is relaxed. */
import type { TabState } from '../../src/protocol/messages.ts';

export function ServiceWorkersNote({ state }: { state: TabState['serviceWorkers'] }) {
  if (!state) return null;
  if (state.relaxed) {
    return (
      <p class="muted small" data-testid="service-workers">
        Service workers of this site are relaxed too, where the API sends no
        Access-Control-Allow-Origin or names this site (a credentialed request to a server answering{' '}
        <code>*</code> stays blocked there).
      </p>
    );
  }
  return (
    <p class="muted small" data-testid="service-workers">
      Service workers of this site are not relaxed. {state.why}
    </p>
  );
}
