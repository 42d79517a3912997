import type { CorsErrorName, Exchange } from '../../../src/cors/types.ts';
import { isSafelistedMethod } from '../../../src/cors/safelist.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { hostPatternsFor, type OverrideDraft } from '../../../src/overrides/index.ts';
import type { PanelClient } from '../client/panel-client.ts';
import type { Analysis } from './analysis.ts';
import type { ExchangeRecord } from './exchange-record.ts';
import { originOf } from './origins.ts';

export type RelaxState =
  | { kind: 'idle' }
  | { kind: 'pending'; key: number }
  | { kind: 'done'; key: number; override: Override; message: string[] }
  | { kind: 'error'; key: number; message: string };

/** How long a panel-made override lasts; the popup and options page can change it. */
export const RELAX_MINUTES = 60;

/** Failures no header can cure: the override would change nothing, so the panel says so. */
const NOT_CURED_BY_HEADERS: Partial<Record<CorsErrorName, string>> = {
  PreflightInvalidStatus:
    'The server answers the preflight with an error status. An override can add headers but cannot change a status code, so this request stays blocked: fix the OPTIONS route or use a dev-server proxy (see Fixes).',
  PreflightDisallowedRedirect:
    'The preflight is redirected, and no header makes a redirected preflight acceptable: call the final URL or use a dev-server proxy.',
  RedirectContainsCredentials:
    'The redirect points to a URL with a user name and password, which no header can allow.',
  CorsDisabledScheme: 'The URL’s scheme does not support CORS at all; serve it over http(s).',
  DisallowedByMode: 'The page asked for mode "same-origin"; headers cannot change that.',
  NoCorsRedirectModeNotFollow: 'The page asked for mode "no-cors" without following redirects.',
  InsecureLocalNetwork: 'This is Local Network Access, decided before CORS headers are read.',
  InvalidLocalNetworkAccess: 'This is Local Network Access, decided before CORS headers are read.',
  LocalNetworkAccessPermissionDenied:
    'This is Local Network Access: the permission was denied before CORS headers were read.',
};

/** Why relaxing will not help this exchange, if it will not. */
export function relaxCaveat(analysis: Analysis): string | undefined {
  const reason = analysis.diagnosis.reason;
  return reason ? NOT_CURED_BY_HEADERS[reason] : undefined;
}

/**
 * The site the button relaxes: the inspected tab's top-level site, the only one an override made
 * here applies to (its rules are bound to the tab's site). A request made by a frame of another
 * origin is never relaxed by it, so the button says so instead of promising a pass.
 */
export function relaxTarget(
  exchange: Exchange,
  pageUrl: string | undefined,
): { site: string } | { unavailable: string } {
  const site = originOf(pageUrl ?? '');
  if (!site || !/^https?:\/\//.test(site)) {
    return {
      unavailable:
        pageUrl === undefined
          ? 'CORS Lens does not know this tab’s address: relax it from the toolbar popup.'
          : 'Only http(s) pages can be relaxed.',
    };
  }
  const from = exchange.initiatorOrigin;
  if (from !== undefined && from !== site) {
    return {
      unavailable: `This request was made by a frame from ${from} inside ${site}. CORS Lens relaxes the tab’s own site (${site}) only, and leaves the frame’s requests unchanged, so relaxing here would not make this request pass. Open ${from} in a tab of its own to relax it there.`,
    };
  }
  return { site };
}

/** What the override must allow for this exchange to pass: its API origins, method and headers. */
export function draftFor(
  record: ExchangeRecord,
  analysis: Analysis,
  tabId: number,
  pageUrl: string | undefined,
): OverrideDraft | undefined {
  const target = relaxTarget(record.exchange, pageUrl);
  if (!('site' in target)) return undefined;
  const apiOrigins = new Set<string>();
  const methods = new Set<string>();
  const requestHeaders = new Set<string>();
  for (const leg of record.exchange.legs) {
    const origin = originOf(leg.request.url);
    if (origin && origin !== target.site) apiOrigins.add(origin);
    if (!isSafelistedMethod(leg.request.method)) methods.add(leg.request.method);
    for (const header of leg.preflight?.request.headers ?? []) {
      if (header.name.toLowerCase() !== 'access-control-request-headers') continue;
      for (const name of header.value.split(',')) {
        if (name.trim()) requestHeaders.add(name.trim().toLowerCase());
      }
    }
  }
  for (const reason of analysis.diagnosis.preflight.reasons) {
    if (reason.kind === 'header') requestHeaders.add(reason.header.toLowerCase());
    if (reason.kind === 'method') methods.add(reason.method);
  }
  return {
    site: target.site,
    apiOrigins: [...apiOrigins],
    credentials: analysis.diagnosis.credentials.mode === 'include',
    methods: [...methods],
    requestHeaders: [...requestHeaders],
    duration: RELAX_MINUTES,
    // What the button promises: this tab only (the popup relaxes every tab of the site).
    scope: { kind: 'tab', tabId },
    tabId,
  };
}

export async function relaxSite(
  client: PanelClient,
  tabId: number,
  record: ExchangeRecord,
  analysis: Analysis,
  pageUrl: string | undefined,
): Promise<RelaxState> {
  const key = record.key;
  const target = relaxTarget(record.exchange, pageUrl);
  if ('unavailable' in target) return { kind: 'error', key, message: target.unavailable };
  const draft = draftFor(record, analysis, tabId, pageUrl)!;
  // Asked before any await: the browser shows its prompt only inside the click's user gesture.
  const patterns = hostPatternsFor({ site: draft.site, apiOrigins: draft.apiOrigins ?? 'any' });
  const access = client.requestHostAccess(patterns);
  try {
    if (!(await access)) {
      return {
        kind: 'error',
        key,
        message: `access to ${patterns.join(', ')} was not granted; CORS Lens cannot change those responses without it.`,
      };
    }
    // A site that already has an override: the background adds this request's needs to it by the
    // model's one "relax again" rule (src/overrides/relax-again.ts), widening a scope bound to
    // another tab to every tab of the site; the message below reads the scope back.
    const override = await client.send('createOverride', draft);
    const tab = await client.send('getTabState', { tabId }).catch(() => undefined);
    // The words follow what the background did, read back: the scope, and whether it applies here.
    const message = relaxedMessage(override, analysis, tab?.relaxed === true);
    if (tab?.missingHostPermissions?.length) {
      message.push(
        `It cannot apply yet: CORS Lens lacks access to ${tab.missingHostPermissions.join(', ')} (allow it from the toolbar popup).`,
      );
    }
    for (const problem of tab?.problems ?? []) message.push(problem);
    return { kind: 'done', key, override, message };
  } catch (error) {
    return { kind: 'error', key, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Where an override applies, in the words the panel uses. */
export function scopeWords(override: Override): string {
  return override.scope.kind === 'tab'
    ? 'in this tab only'
    : `in every tab showing ${override.site}`;
}

function relaxedMessage(override: Override, analysis: Analysis, appliesHere: boolean): string[] {
  const until =
    override.end.kind === 'at'
      ? `until ${new Date(override.end.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
      : 'until the tab closes';
  const apis = override.apiOrigins === 'any' ? 'any API' : override.apiOrigins.join(', ');
  const lines = [
    `CORS Lens now relaxes CORS for ${override.site} → ${apis} ${scopeWords(override)}, ${until}.${
      appliesHere
        ? ' The next request will pass.'
        : ' It does not apply in this tab yet, so the next request will still fail.'
    }`,
  ];
  if (analysis.diagnosis.preflight.sent || analysis.diagnosis.preflight.needed) {
    lines.push(
      'Chromium caches preflight results (5 s unless the server says otherwise): if the next request still fails, wait a few seconds or tick “Disable cache” in the Network panel.',
    );
  }
  const caveat = relaxCaveat(analysis);
  if (caveat) lines.push(caveat);
  return lines;
}
