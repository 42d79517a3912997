import { render } from '@testing-library/preact';
import { App } from '../../../extension/devtools/components/app.tsx';
import { StoreContext } from '../../../extension/devtools/components/store-context.ts';
import type { PanelStore } from '../../../extension/devtools/model/panel-store.ts';

/** The whole panel, as panel.tsx mounts it, on a given store. */
export function renderPanel(store: PanelStore) {
  return render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
}
