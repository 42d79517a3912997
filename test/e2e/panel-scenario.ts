// A small local-development session for the panel's end-to-end test, screenshots and benchmark:
// a page on one loopback origin calling an Express-like API on another, with the usual CORS
// mistakes. Every request really goes through Chromium; `expected` is what Chromium decides.
import type { Page } from 'playwright-core';
import {
  createFrontend,
  fetchFromPage,
  startServer,
  xhrFromPage,
  type Frontend,
  type TestServer,
} from './harness/index.ts';

export interface PanelScenario {
  site: Frontend;
  api: TestServer;
  /** A second API origin, the target of a cross-origin redirect. */
  auth: TestServer;
  /** `http://localhost:API_PORT/path`. */
  url(path: string): string;
  close(): Promise<void>;
}

export interface ExpectedRow {
  url: string;
  method: string;
  status: 'allowed' | 'blocked';
  reason?: string;
}

/** Starts the servers; ports are free ones unless given (screenshots ask for 5173, 3000, 8080). */
export async function startPanelScenario(
  ports: { site?: number; api?: number; auth?: number } = {},
): Promise<PanelScenario> {
  const site = await createFrontend(await portOption(ports.site));
  const echo = { 'Access-Control-Allow-Origin': site.origin, Vary: 'Origin' };
  const express = { 'X-Powered-By': 'Express', 'Content-Type': 'application/json; charset=utf-8' };
  const auth = await startServer(
    { '/auth': { headers: { ...echo, 'Content-Type': 'application/json' }, body: '{}' } },
    await portOption(ports.auth),
  );
  const api = await startServer(
    {
      '/api/items': {
        headers: { ...express, ...echo },
        body: '[]',
        preflight: {
          status: 204,
          headers: {
            ...echo,
            'Access-Control-Allow-Methods': 'GET,POST,PUT,DELETE',
            'Access-Control-Allow-Headers': 'content-type',
          },
        },
      },
      '/api/users': { headers: express, body: '[]' },
      '/api/orders/7': {
        headers: { ...express, ...echo },
        body: '{}',
        preflight: {
          status: 204,
          headers: {
            'X-Powered-By': 'Express',
            ...echo,
            'Access-Control-Allow-Methods': 'GET,PUT',
            'Access-Control-Allow-Headers': 'content-type',
          },
        },
      },
      // No OPTIONS route: the preflight gets the framework's bare 404.
      'DELETE /api/items/7': { headers: { ...express, ...echo }, body: '{}' },
      '/api/me': { headers: { ...express, 'Access-Control-Allow-Origin': '*' }, body: '{}' },
      '/api/profile': {
        headers: { ...express, ...echo, 'Access-Control-Allow-Credentials': 'true' },
        body: '{}',
      },
      '/api/login': { status: 302, headers: { ...echo }, redirect: auth.url('/auth') },
    },
    await portOption(ports.api),
  );
  return {
    site,
    api,
    auth,
    url: (path) => api.url(path),
    close: async () => {
      await Promise.all([site.close(), api.close(), auth.close()]);
    },
  };
}

/** Makes the page send every request of the scenario; returns what Chromium decides for each. */
export async function runPanelScenario(page: Page, s: PanelScenario): Promise<ExpectedRow[]> {
  const json = { 'Content-Type': 'application/json' };
  await fetchFromPage(page, s.url('/api/items'));
  await fetchFromPage(page, s.url('/api/items'), { method: 'POST', headers: json, body: '{}' });
  await fetchFromPage(page, s.url('/api/users'));
  await fetchFromPage(page, s.url('/api/orders/7'), {
    method: 'PUT',
    headers: { ...json, 'X-Token': 'dev-4f9c1e' },
    body: '{}',
  });
  await fetchFromPage(page, s.url('/api/items/7'), { method: 'DELETE' });
  await fetchFromPage(page, s.url('/api/me'), { credentials: 'include' });
  await xhrFromPage(page, s.url('/api/profile'), { withCredentials: true });
  await fetchFromPage(page, s.url('/api/login'));
  return [
    { url: s.url('/api/items'), method: 'GET', status: 'allowed' },
    { url: s.url('/api/items'), method: 'POST', status: 'allowed' },
    {
      url: s.url('/api/users'),
      method: 'GET',
      status: 'blocked',
      reason: 'MissingAllowOriginHeader',
    },
    {
      url: s.url('/api/orders/7'),
      method: 'PUT',
      status: 'blocked',
      reason: 'HeaderDisallowedByPreflightResponse',
    },
    {
      url: s.url('/api/items/7'),
      method: 'DELETE',
      status: 'blocked',
      reason: 'PreflightMissingAllowOriginHeader',
    },
    { url: s.url('/api/me'), method: 'GET', status: 'blocked', reason: 'WildcardOriginNotAllowed' },
    { url: s.url('/api/profile'), method: 'GET', status: 'allowed' },
    { url: s.url('/api/login'), method: 'GET', status: 'blocked', reason: 'AllowOriginMismatch' },
  ];
}

/** A wished-for port if it is free, else any free one (another process may hold it). */
async function portOption(port: number | undefined): Promise<{ port?: number }> {
  if (port === undefined) return {};
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? { port } : {};
}
