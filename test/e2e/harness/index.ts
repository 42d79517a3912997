// The end-to-end harness: see test/README.md for the API and an example.
export { launchBrowser, CHROMIUM_FLAGS, DEFAULT_EXTENSION_DIR, REPO_ROOT } from './browser.ts';
export type { LaunchOptions, TestBrowser } from './browser.ts';
export { useBrowser, useForFile } from './use-browser.ts';
export { startServer, createFrontend } from './server.ts';
export { useFrontend, useServer } from './use-servers.ts';
export type {
  Answer,
  AnswerFn,
  Frontend,
  HeaderLine,
  HeaderSpec,
  RawHandler,
  RecordedRequest,
  Route,
  Routes,
  TestServer,
} from './server.ts';
export { corsVerdicts } from './cors-verdicts.ts';
export type { CorsVerdict, CorsVerdicts, PreflightVerdict } from './cors-verdicts.ts';
export type { WireRequest } from './wire-log.ts';
export { fetchFromPage, xhrFromPage } from './page-requests.ts';
export { pageErrors } from './page-errors.ts';
export type { FetchInit, PageResponse, XhrInit } from './page-requests.ts';
export type { DevtoolsPage, ExtensionFrame, HarEntry } from './devtools.ts';
export type { WorkerStatus } from './service-worker.ts';
export { chromiumPath } from './chromium-path.ts';
export { TEST_EXTENSION_ID, extensionIdFromKey, extensionIdFromPath } from './extension-id.ts';
