// Loopback servers shared by a whole test file: started before its first test, closed after its
// last (the same lifetime as `useBrowser`). Use them inside tests, hooks and route handlers only.
import {
  createFrontend,
  startServer,
  type Frontend,
  type RawHandler,
  type Routes,
  type ServerOptions,
  type TestServer,
} from './server.ts';
import { useForFile } from './use-browser.ts';

/** `createFrontend(options)` for this file. */
export const useFrontend = (options?: ServerOptions & { host?: string; html?: string }): Frontend =>
  useForFile(
    'useFrontend()',
    () => createFrontend(options),
    (s) => s.close(),
  ).value;

/** `startServer(routes, options)` for this file. */
export const useServer = (routes: Routes | RawHandler, options?: ServerOptions): TestServer =>
  useForFile(
    'useServer()',
    () => startServer(routes, options),
    (s) => s.close(),
  ).value;
