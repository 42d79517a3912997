import { render } from 'preact';
import { createAttachedClient } from './client/attached-client.ts';
import { createDevtoolsClient } from './client/devtools-client.ts';
import type { PanelClient } from './client/panel-client.ts';
import { App } from './components/app.tsx';
import { StoreContext } from './components/store-context.ts';
import { createPanelStore } from './model/panel-store.ts';
import './panel.css';

/**
 * Three ways to run the same panel: inside DevTools (`chrome.devtools` exists); in a tab attached to
 * another tab's DevTools (`?tab=<id>`); or alone, for HAR files and pasted console errors.
 */
function pickClient(): PanelClient | undefined {
  if (typeof chrome !== 'undefined' && chrome.devtools?.inspectedWindow)
    return createDevtoolsClient();
  const tab = Number(new URLSearchParams(location.search).get('tab'));
  return Number.isInteger(tab) && tab > 0 ? createAttachedClient(tab) : undefined;
}

/** One flush per frame while visible; a hidden panel (rAF paused) still catches up every 250 ms. */
function frameOrTimeout(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  requestAnimationFrame(run);
  setTimeout(run, 250);
}

const client = pickClient();
// DevTools' theme when inside DevTools (and when the user switches it); the system's otherwise.
const applyTheme = (theme: 'light' | 'dark') => (document.documentElement.dataset.theme = theme);
if (client?.theme) applyTheme(client.theme);
client?.onThemeChanged?.(applyTheme);
const store = createPanelStore({ client, schedule: frameOrTimeout });
render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);
void store.actions.start();
