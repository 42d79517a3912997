import type { Exchange, Header } from '../../../src/cors/types.ts';
import { originOf } from './origins.ts';

const SCRIPT_TYPES = new Set(['fetch', 'xhr', 'eventsource']);

/**
 * A same-origin fetch/XHR as a one-leg exchange, for the "Same-origin" toggle: the HAR reader skips
 * these (CORS does not apply), but a developer looking for "my request" should find it, marked as
 * such. Only script-made requests: page assets would bury them. `undefined` for anything else.
 */
export function sameOriginExchange(
  raw: unknown,
  pageOrigin: string | undefined,
  id: string,
): Exchange | undefined {
  const entry = raw as HarLike | null;
  const request = entry?.request;
  if (!request || typeof request.url !== 'string' || typeof request.method !== 'string') {
    return undefined;
  }
  const origin = originOf(request.url);
  if (!origin || (pageOrigin !== undefined && origin !== pageOrigin)) return undefined;
  const requestHeaders = headersOf(request.headers);
  const mode = requestHeaders.find((h) => h.name.toLowerCase() === 'sec-fetch-mode')?.value;
  const byType = typeof entry._resourceType === 'string' && SCRIPT_TYPES.has(entry._resourceType);
  const byMode = mode === 'cors' || mode === 'same-origin';
  if (!byType && !byMode) return undefined;
  const status = entry.response?.status;
  const response = entry.response;
  // A same-origin redirect may still lead cross-origin: the reader decides those, not this.
  if (typeof status === 'number' && status >= 300 && status < 400) return undefined;
  return {
    id,
    initiatorOrigin: origin,
    mode: 'cors',
    legs: [
      {
        request: { url: request.url, method: request.method, headers: requestHeaders },
        ...(typeof status === 'number' && status > 0 && response
          ? { response: { status, headers: headersOf(response.headers) } }
          : {}),
      },
    ],
    ...(typeof entry.startedDateTime === 'string' ? { startedAt: entry.startedDateTime } : {}),
  };
}

interface HarLike {
  request?: { url?: unknown; method?: unknown; headers?: unknown };
  response?: { status?: unknown; headers?: unknown };
  _resourceType?: unknown;
  startedDateTime?: unknown;
}

function headersOf(raw: unknown): Header[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (h): h is Header =>
      typeof h === 'object' &&
      h !== null &&
      typeof h.name === 'string' &&
      typeof h.value === 'string',
  );
}
