// Background service worker: composition root. Listeners are registered synchronously at the top
// level so that an event that wakes the worker finds them.
import { browser } from '../platform/browser.ts';

browser.runtime.onInstalled.addListener(() => {
  console.info('CORS Lens installed');
});
