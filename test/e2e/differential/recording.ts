// What one live run leaves behind: per case, Chromium's verdict (CDP) and what the page saw; for the
// whole page, the HAR entries the extension's devtools page received. The unit-level replay reads
// the same shape from test/fixtures/recorded/.
import type { CredentialsMode } from '../../../src/cors/types.ts';
import type { CorsVerdict } from '../harness/index.ts';
import type { Case, Origins, PageOutcome } from './case-types.ts';

export const RECORDING_FORMAT = 1;

/** Chromium's verdict on one request, from `Network.loadingFinished` / `loadingFailed` over CDP. */
export interface ChromiumVerdict {
  state: CorsVerdict['state'];
  corsError?: string;
  failedParameter?: string;
  errorText?: string;
  finalUrl: string;
  /** Status of the last response that reached the browser. */
  status?: number;
  redirects: number;
}

export interface RecordedCase {
  id: string;
  group: string;
  title: string;
  client: 'fetch' | 'xhr';
  method: string;
  /** The credentials mode the page used (XHR: `include` iff withCredentials). */
  credentials: CredentialsMode;
  mode: 'cors' | 'no-cors';
  /** The URL the page requested: the key for CDP verdicts and for exchanges. */
  url: string;
  page: PageOutcome;
  chromium: ChromiumVerdict;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  recordedAt: string;
  userAgent: string;
  origins: Origins;
  cases: RecordedCase[];
  /** HAR entries in the order `chrome.devtools.network.onRequestFinished` delivered them. */
  entries: unknown[];
}

export function chromiumVerdictOf(v: CorsVerdict): ChromiumVerdict {
  const out: ChromiumVerdict = {
    state: v.state,
    finalUrl: v.finalUrl,
    redirects: v.redirects.length,
  };
  if (v.corsError !== undefined) out.corsError = v.corsError;
  if (v.failedParameter !== undefined) out.failedParameter = v.failedParameter;
  if (v.errorText !== undefined) out.errorText = v.errorText;
  if (v.status !== undefined) out.status = v.status;
  return out;
}

export function recordedCase(
  c: Case,
  url: string,
  page: PageOutcome,
  chromium: ChromiumVerdict,
): RecordedCase {
  return {
    id: c.id,
    group: c.group,
    title: c.title,
    client: c.request.client,
    method: c.request.method,
    credentials: c.request.credentials,
    mode: c.request.mode ?? 'cors',
    url,
    page,
    chromium,
  };
}

/**
 * Drops what is bulky and meaningless for CORS (the JS stack of the initiator, response bodies) so
 * the fixture stays reviewable. Everything the HAR reader looks at is kept as delivered.
 */
export function slimEntry(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const copy = structuredClone(entry) as Record<string, unknown>;
  const initiator = copy._initiator as Record<string, unknown> | undefined;
  if (initiator && 'stack' in initiator) delete initiator.stack;
  const response = copy.response as Record<string, unknown> | undefined;
  const content = response?.content as Record<string, unknown> | undefined;
  if (content && 'text' in content) delete content.text;
  return copy;
}
