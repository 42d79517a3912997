/**
 * The CORS-relevant headers of one response, read in a single pass when the input is normalized:
 * the engine consults them several times per exchange (and twice per credentials mode).
 */
import type { AllowList } from './allow-list.ts';
import { trimLws } from './headers.ts';
import type { HttpResponse } from './types.ts';

export interface CorsResponseHeaders {
  /** Each is the `", "`-joined, LWS-trimmed value, or `undefined` when absent. */
  allowOrigin?: string;
  allowCredentials?: string;
  allowMethods?: string;
  allowHeaders?: string;
  location?: string;
  /** Parsed on first use (the parse does not depend on the credentials mode). */
  methodList?: AllowList;
  headerList?: AllowList;
}

/** A recorded response with its CORS headers already read. */
export interface NormalResponse extends HttpResponse {
  cors: CorsResponseHeaders;
}

function append(prev: string | undefined, value: string): string {
  const v = trimLws(value);
  return prev === undefined ? v : `${prev}, ${v}`;
}

/** Adds one header line to `out` if it is one of the CORS response headers. */
export function noteCorsHeader(out: CorsResponseHeaders, name: string, value: string): void {
  // Lower-case only names of a relevant length; most headers are skipped on length alone.
  switch (name.length) {
    case 8:
      if (name.toLowerCase() === 'location') out.location = append(out.location, value);
      break;
    case 27:
      if (name.toLowerCase() === 'access-control-allow-origin') {
        out.allowOrigin = append(out.allowOrigin, value);
      }
      break;
    case 28: {
      const l = name.toLowerCase();
      if (l === 'access-control-allow-methods') out.allowMethods = append(out.allowMethods, value);
      else if (l === 'access-control-allow-headers') {
        out.allowHeaders = append(out.allowHeaders, value);
      }
      break;
    }
    case 32:
      if (name.toLowerCase() === 'access-control-allow-credentials') {
        out.allowCredentials = append(out.allowCredentials, value);
      }
      break;
  }
}

/**
 * True when the verdict for this response could change with the credentials mode: `*` anywhere, or
 * an Allow-Credentials that is not exactly `true`. Lets the engine skip the what-if run otherwise.
 */
export function isCredentialsSensitive(response: NormalResponse): boolean {
  const h = response.cors;
  if (h.allowOrigin === '*' || h.allowCredentials !== 'true') return h.allowOrigin !== undefined;
  return (h.allowMethods?.includes('*') ?? false) || (h.allowHeaders?.includes('*') ?? false);
}
