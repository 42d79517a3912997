/**
 * Learning from a tab's DevTools: while DevTools is open on a tab, its devtools page reports each
 * failed preflight it saw (src/overrides/failed-preflights.ts) with the `learnFromFailedPreflight`
 * message. The browser pays nothing per request for it (DevTools records the log anyway), and the
 * report names the headers the preflight asked for at the first failure, so the first retry passes
 * where the webRequest path (learning.ts) needs a second one.
 *
 * The report is checked like a preflight the listeners see: the tab must be relaxed, the URL among
 * the override's API origins, and the preflight's `Origin` the site itself (not another frame in the
 * tab). learnFromPreflight then ignores anything malformed, forbidden or beyond the limits.
 */
import type { Header } from '../../src/cors/types.ts';
import { originOf } from '../../src/cors/url.ts';
import { coversOrigin } from '../../src/overrides/rule-families.ts';
import type { RelaxedTab } from './badges.ts';
import { ProtocolFailure } from './protocol-failure.ts';

/** More than a preflight's three CORS headers is not a report from our devtools page. */
const MAX_HEADERS = 16;
const MAX_VALUE_LENGTH = 8192;

export interface DevtoolsReport {
  tabId: number;
  url: string;
  requestHeaders: Header[];
}

/** The message's data, checked: a clear error for anything that is not a report. */
export function parseDevtoolsReport(data: unknown): DevtoolsReport {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const { tabId, url, requestHeaders } = d;
  const headersOk =
    Array.isArray(requestHeaders) &&
    requestHeaders.length <= MAX_HEADERS &&
    requestHeaders.every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as Header).name === 'string' &&
        typeof (h as Header).value === 'string' &&
        (h as Header).value.length <= MAX_VALUE_LENGTH,
    );
  if (
    typeof tabId !== 'number' ||
    !Number.isInteger(tabId) ||
    tabId < 0 ||
    typeof url !== 'string' ||
    !headersOk
  ) {
    throw new ProtocolFailure(
      `Expected { tabId: a tab id, url: string, requestHeaders: at most ${MAX_HEADERS} { name, value } }.`,
    );
  }
  return {
    tabId,
    url,
    requestHeaders: (requestHeaders as Header[]).map((h) => ({ name: h.name, value: h.value })),
  };
}

/** The override the report may teach, or undefined when it is not the relaxed site's own request. */
export function overrideToTeach(
  relaxed: readonly RelaxedTab[],
  report: DevtoolsReport,
): string | undefined {
  const target = relaxed.find((r) => r.tabId === report.tabId);
  if (!target) return undefined;
  const origin = report.requestHeaders.find((h) => h.name.toLowerCase() === 'origin')?.value;
  if (origin !== target.override.site) return undefined;
  const api = originOf(report.url);
  if (api === 'null' || !coversOrigin(target.override, api)) return undefined;
  return target.override.id;
}
