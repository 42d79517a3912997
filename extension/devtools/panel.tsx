import { render } from 'preact';
import { panelClientForThisPage } from '../platform/panel-host.ts';
import { App } from './components/app.tsx';
import { StoreContext } from './components/store-context.ts';
import { createPanelStore } from './model/panel-store.ts';
import './panel.css';

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

const client = panelClientForThisPage();
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
