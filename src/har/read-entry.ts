import { CORS_ERRORS } from '../cors/types.ts';
import type { CorsErrorName, Header, HttpResponse, ObservedOutcome } from '../cors/types.ts';
import { describeType, pathAt, type At, type ErrorSink } from './error-sink.ts';
import { parseUrl, resolveUrl, type UrlScheme } from './origin.ts';
import { headerValue, readHeaders } from './read-headers.ts';

/** One HAR entry, checked and reduced to what the pairing and the engine need. */
export interface EntryView {
  /** Position in the input (array index, or arrival order for the incremental assembler). */
  index: number;
  url: string;
  /** Normalized URL, for matching redirect targets; null when unparsable. */
  href: string | null;
  scheme: UrlScheme;
  urlOrigin: string | null;
  method: string;
  requestHeaders: Header[];
  /** Absent when nothing came back (status 0: failed preflight, network error, blocked early). */
  response: HttpResponse | undefined;
  /** Chromium's `_error` (`net::ERR_FAILED` marks a CORS-blocked response). */
  error: string | undefined;
  /** Absolute target of a 3xx, when this entry is a redirect hop. */
  redirectTo: string | undefined;
  /** Epoch milliseconds, when `startedDateTime` parses. */
  startMs: number | undefined;
  timeMs: number | undefined;
  startedAt: string | undefined;
  /** Chromium's `_resourceType`, lower case: `fetch`, `xhr`, `preflight`, `document`… */
  resourceType: string | undefined;
  /** Chromium's `_initiator.url` (the document for parser-initiated loads). */
  initiatorUrl: string | undefined;
  pageref: string | undefined;
  /** A CORS verdict recorded by the source itself (CDP-based recorders add `_corsErrorStatus`). */
  corsError: Pick<ObservedOutcome, 'corsError' | 'failedParameter'> | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CORS_ERROR_NAMES: ReadonlySet<string> = new Set(CORS_ERRORS);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one HAR entry. Returns undefined when the entry cannot be used at all (the reason is in
 * `errors`); otherwise a view, with every oddity it worked around reported under its path.
 */
export function readEntry(
  raw: unknown,
  index: number,
  prefix: string,
  errors: ErrorSink,
): EntryView | undefined {
  // Paths are built only when there is something to report: most entries never need one.
  const at: At = { prefix, index };
  if (!isObject(raw)) {
    errors.add(
      pathAt(at, ''),
      `expected an entry object, got ${describeType(raw)}; entry ignored.`,
    );
    return undefined;
  }
  const request = raw.request;
  if (!isObject(request)) {
    errors.add(
      pathAt(at, '.request'),
      `expected an object, got ${describeType(request)}; entry ignored.`,
    );
    return undefined;
  }
  const { url, method } = request;
  if (typeof url !== 'string' || url === '') {
    errors.add(
      pathAt(at, '.request.url'),
      `expected a URL, got ${describeType(url)}; entry ignored.`,
    );
    return undefined;
  }
  if (typeof method !== 'string' || method === '') {
    errors.add(
      pathAt(at, '.request.method'),
      `expected a method, got ${describeType(method)}; entry ignored.`,
    );
    return undefined;
  }
  const parsed = parseUrl(url);
  if (parsed.scheme === 'invalid') {
    errors.add(pathAt(at, '.request.url'), `"${clip(url)}" is not an absolute URL; entry ignored.`);
    return undefined;
  }

  // Every field is set here, in one order, so all views share one hidden class (V8 keeps property
  // access fast only while objects have the same shape).
  const view: EntryView = {
    index,
    url,
    href: parsed.href,
    scheme: parsed.scheme,
    urlOrigin: parsed.origin,
    method,
    requestHeaders: readHeaders(request.headers, errors, at, '.request.headers'),
    response: undefined,
    error: undefined,
    redirectTo: undefined,
    startMs: undefined,
    timeMs: undefined,
    startedAt: undefined,
    resourceType: undefined,
    initiatorUrl: undefined,
    pageref: undefined,
    corsError: undefined,
  };
  readResponse(raw, view, at, errors);
  readTiming(raw, view, at, errors);
  readChromeExtras(raw, view);
  return view;
}

function readResponse(
  raw: Record<string, unknown>,
  view: EntryView,
  at: At,
  errors: ErrorSink,
): void {
  const response = raw.response;
  // Chromium puts `_error` on the response; accept it on the entry too.
  const error = isObject(response) && response._error != null ? response._error : raw._error;
  if (typeof error === 'string' && error !== '') view.error = error;
  else if (error != null && typeof error !== 'string') {
    errors.add(
      pathAt(at, '.response._error'),
      `expected a string or null, got ${describeType(error)}.`,
    );
  }
  if (!isObject(response)) {
    errors.add(
      pathAt(at, '.response'),
      `expected an object, got ${describeType(response)}; treated as "no response".`,
    );
    return;
  }
  const status = response.status;
  if (typeof status !== 'number' || !Number.isFinite(status)) {
    errors.add(
      pathAt(at, '.response.status'),
      `expected a number, got ${describeType(status)}; treated as 0.`,
    );
  } else if (status > 0) {
    const headers = readHeaders(response.headers, errors, at, '.response.headers');
    const statusText =
      typeof response.statusText === 'string' && response.statusText !== ''
        ? response.statusText
        : undefined;
    const res: HttpResponse = { status, statusText, headers };
    view.response = res;
    if (REDIRECT_STATUSES.has(status)) {
      const target =
        typeof response.redirectURL === 'string' && response.redirectURL !== ''
          ? response.redirectURL
          : headerValue(headers, 'location');
      if (target !== undefined && target !== '') view.redirectTo = resolveUrl(target, view.url);
    }
  }
  const observed = readCorsErrorStatus(response._corsErrorStatus ?? raw._corsErrorStatus);
  if (observed) view.corsError = observed;
}

function readTiming(
  raw: Record<string, unknown>,
  view: EntryView,
  at: At,
  errors: ErrorSink,
): void {
  const started = raw.startedDateTime;
  if (typeof started === 'string') {
    const ms = Date.parse(started);
    if (Number.isNaN(ms)) {
      errors.add(pathAt(at, '.startedDateTime'), `"${clip(started)}" is not a date; time ignored.`);
    } else {
      view.startMs = ms;
      view.startedAt = started;
    }
  } else if (started !== undefined) {
    errors.add(
      pathAt(at, '.startedDateTime'),
      `expected an ISO date string, got ${describeType(started)}; time ignored.`,
    );
  }
  const time = raw.time;
  if (typeof time === 'number' && Number.isFinite(time) && time >= 0) view.timeMs = time;
}

function readChromeExtras(raw: Record<string, unknown>, view: EntryView): void {
  const type = raw._resourceType;
  // Chromium writes these in lower case already; copy only what is not.
  if (typeof type === 'string') view.resourceType = /[A-Z]/.test(type) ? type.toLowerCase() : type;
  const initiator = raw._initiator;
  if (isObject(initiator) && typeof initiator.url === 'string' && initiator.type !== 'preflight') {
    // A preflight's `_initiator.url` is the request it serves, not the page: never an origin hint.
    view.initiatorUrl = initiator.url;
  }
  if (typeof raw.pageref === 'string') view.pageref = raw.pageref;
}

function readCorsErrorStatus(
  raw: unknown,
): { corsError: CorsErrorName; failedParameter?: string } | undefined {
  if (!isObject(raw) || typeof raw.corsError !== 'string') return undefined;
  if (!CORS_ERROR_NAMES.has(raw.corsError)) return undefined;
  const out: { corsError: CorsErrorName; failedParameter?: string } = {
    corsError: raw.corsError as CorsErrorName,
  };
  if (typeof raw.failedParameter === 'string' && raw.failedParameter !== '') {
    out.failedParameter = raw.failedParameter;
  }
  return out;
}

/** Long junk in messages is cut so one bad entry cannot flood the error list. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
