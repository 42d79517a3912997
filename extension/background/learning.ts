/**
 * webRequest listeners on relaxed tabs, and only there: with no override there is no listener at all.
 *
 * Two kinds, because they cost very differently (measured in Chromium 156, loopback):
 * - Watch (onErrorOccurred + onBeforeRedirect, filtered by `tabId` and the API hosts): these fire on
 *   failures and redirects only, so a relaxed tab pays nothing per successful request. A failure
 *   teaches its method at once (the failed request's method): a new method passes on the first retry.
 * - Learn (onBeforeSendHeaders with `extraHeaders`, the only way Chromium shows CORS preflights to an
 *   extension): it fires for every request it matches and costs ~+13 % CPU per request (any
 *   `extraHeaders` listener does, whichever event; webRequest has no method filter to keep it to
 *   preflights). So it never covers a whole tab: only the paths of requests that failed
 *   (`http://api.test/items*`), for a learning window after the failure. The retry's preflight
 *   there names the headers, so a new header passes on the second retry — on the first when the
 *   tab's DevTools is open, which reports the failed preflight itself (learning-devtools.ts).
 *
 * Wake-up. MV3 delivers an event to a stopped worker only through listeners the restarted script
 * registers synchronously, and these are added after reading storage. Checked in Chromium 156: the
 * browser keeps a dynamically added listener, restarts the worker for a matching request, drops that
 * one event, and forgets the listener unless the new worker adds it again. So while a tab is
 * relaxed the worker is kept awake (keepalive.ts; bounded by the override's end), windows live in
 * storage.session, and every wake re-adds the listeners within milliseconds.
 */
import type { Override } from '../../src/overrides/index.ts';
import {
  ALL_HTTP_HOSTS,
  isCovered,
  originToMatchPattern,
} from '../../src/overrides/host-patterns.ts';
import type {
  ObservedError,
  ObservedPreflight,
  ObservedRedirect,
  WebRequestPort,
} from './ports.ts';

export interface LearningTarget {
  tabId: number;
  override: Override;
  /** Paths whose preflights are watched (an open learning window); empty: failures only. */
  learnUrls: readonly string[];
}

export interface LearningHandlers {
  preflight(overrideId: string, request: ObservedPreflight): void;
  redirect(overrideId: string, redirect: ObservedRedirect): void;
  failure(overrideId: string, failure: ObservedError): void;
}

function urlPatterns(override: Override): string[] {
  if (override.apiOrigins === 'any') return [...ALL_HTTP_HOSTS];
  const set = new Set<string>();
  for (const origin of override.apiOrigins) {
    const p = originToMatchPattern(origin);
    if (p) set.add(p);
  }
  return [...set].sort();
}

/**
 * The match pattern a learning window watches for a failed request: its path, any query
 * (`http://127.0.0.1:3000/items?page=2` → `http://127.0.0.1/items*`). No port: Firefox refuses
 * ports in match patterns, as for the API hosts (host-patterns.ts). undefined for a URL that is
 * not http(s).
 */
export function failedPathPattern(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return `${u.protocol}//${u.hostname}${u.pathname}*`;
}

/** `http://host/path*` → `http://host/*`. */
function hostPatternOf(pathPattern: string): string {
  return pathPattern.replace(/^([a-z]+:\/\/[^/]+)\/.*$/, '$1/*');
}

export function isPreflight(request: ObservedPreflight): boolean {
  return (
    request.method.toUpperCase() === 'OPTIONS' &&
    request.requestHeaders.some((h) => h.name.toLowerCase() === 'access-control-request-method')
  );
}

/**
 * Only the site's own requests teach an override: a frame of another origin in the relaxed tab
 * (an ad, a widget, `evil.localhost`) must not widen what the site's override allows. A browser
 * that does not name the initiator is trusted (the tab is the site's).
 */
function fromSite(request: { initiator?: string | undefined }, site: string): boolean {
  return request.initiator === undefined || request.initiator === site;
}

interface Wanted {
  key: string;
  owner: { id: string; site: string };
  urls: string[];
}

interface Registration {
  key: string;
  remove: () => void;
}

export class LearningListeners {
  private readonly watching = new Map<number, Registration>();
  private readonly learning = new Map<number, Registration>();

  constructor(
    private readonly webRequest: WebRequestPort,
    private readonly handlers: LearningHandlers,
  ) {}

  /** Registers exactly the targets' listeners, removing any other. */
  sync(targets: readonly LearningTarget[]): void {
    const watch = new Map<number, Wanted>();
    const learn = new Map<number, Wanted>();
    for (const t of targets) {
      const urls = urlPatterns(t.override);
      if (urls.length === 0) continue;
      const entry = {
        key: `${t.override.id}|${t.override.site}|${urls.join(' ')}`,
        owner: { id: t.override.id, site: t.override.site },
        urls,
      };
      watch.set(t.tabId, entry);
      // Only paths the override still relaxes (its API origins may have changed since the failure).
      const paths = t.learnUrls.filter((p) => isCovered(hostPatternOf(p), urls)).sort();
      if (paths.length > 0) {
        learn.set(t.tabId, { ...entry, key: `${entry.key}|${paths.join(' ')}`, urls: paths });
      }
    }
    this.apply(this.watching, watch, (tabId, { id, site }, urls) =>
      this.webRequest.observe(
        { urls, tabId },
        {
          redirect: (r) => {
            if (fromSite(r, site)) this.handlers.redirect(id, r);
          },
          error: (f) => {
            if (fromSite(f, site)) this.handlers.failure(id, f);
          },
        },
      ),
    );
    this.apply(this.learning, learn, (tabId, { id, site }, urls) =>
      this.webRequest.observe(
        { urls, tabId },
        {
          sendHeaders: (request) => {
            if (isPreflight(request) && fromSite(request, site)) {
              this.handlers.preflight(id, request);
            }
          },
        },
      ),
    );
  }

  private apply(
    current: Map<number, Registration>,
    wanted: Map<number, Wanted>,
    register: (tabId: number, owner: Wanted['owner'], urls: string[]) => () => void,
  ): void {
    for (const [tabId, reg] of current) {
      if (wanted.get(tabId)?.key !== reg.key) {
        reg.remove();
        current.delete(tabId);
      }
    }
    for (const [tabId, { key, owner, urls }] of wanted) {
      if (!current.has(tabId)) current.set(tabId, { key, remove: register(tabId, owner, urls) });
    }
  }

  /** Relaxed tabs being watched (failures, redirects). */
  tabs(): number[] {
    return [...this.watching.keys()].sort((a, b) => a - b);
  }

  /** Tabs with a learning window open (the per-request listener on failed paths). */
  learningTabs(): number[] {
    return [...this.learning.keys()].sort((a, b) => a - b);
  }
}
