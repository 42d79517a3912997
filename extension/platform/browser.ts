// The only module that imports webextension-polyfill: it throws outside an extension, so tests
// of UI and logic never import it, and the rest of extension/ goes through this adapter.
import browser from 'webextension-polyfill';

export { browser };
export type { Browser, Runtime, Tabs, Storage } from 'webextension-polyfill';
