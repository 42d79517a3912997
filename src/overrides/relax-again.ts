/**
 * The one "relax again" rule: relaxing a site that already has an override (the popup, the options
 * form, the shortcut, the panel's button, a granted pending request) never takes away what the
 * override already allowed. The new override keeps the union of both — API origins (`any` wins),
 * methods, request and exposed headers, what was learned, credentials and answered preflights if
 * either had them, and the wider scope (every tab of the site unless both name the same tab) — and
 * takes its end and `paused: false` from the new request, which is the user's latest intent.
 * It keeps the old override's id and creation time: it is the same override, changed.
 */
import type { Override, OverrideScope } from './types.ts';

const union = (a: readonly string[], b: readonly string[] = []): string[] => [
  ...new Set([...a, ...b]),
];

function widerScope(a: OverrideScope, b: OverrideScope): OverrideScope {
  if (a.kind === 'tab' && b.kind === 'tab' && a.tabId === b.tabId) return a;
  return { kind: 'site' };
}

/** `fresh` is the override made from the new draft (createOverride); both are for the same site. */
export function relaxAgain(previous: Override, fresh: Override): Override {
  const merged: Override = {
    ...fresh,
    id: previous.id,
    createdAt: previous.createdAt,
    apiOrigins:
      previous.apiOrigins === 'any' || fresh.apiOrigins === 'any'
        ? 'any'
        : union(previous.apiOrigins, fresh.apiOrigins),
    credentials: previous.credentials || fresh.credentials,
    methods: union(previous.methods, fresh.methods),
    requestHeaders: union(previous.requestHeaders, fresh.requestHeaders),
    exposeHeaders: union(previous.exposeHeaders, fresh.exposeHeaders),
    learned: {
      methods: union(previous.learned.methods, fresh.learned.methods),
      requestHeaders: union(previous.learned.requestHeaders, fresh.learned.requestHeaders),
      ...(previous.learned.redirectOrigins
        ? { redirectOrigins: previous.learned.redirectOrigins }
        : {}),
      ...(previous.learned.redirectTargets
        ? { redirectTargets: previous.learned.redirectTargets }
        : {}),
      ...(previous.learned.failedOrigins ? { failedOrigins: previous.learned.failedOrigins } : {}),
    },
    scope: widerScope(previous.scope, fresh.scope),
    answerPreflights: previous.answerPreflights || fresh.answerPreflights,
    paused: false,
  };
  return merged;
}

/**
 * Adds an override made from a draft to a list, by the rule above when the site has one. Pure: the
 * background validates the draft first (createOverride) and stores the list.
 */
export function addToList(
  list: readonly Override[],
  fresh: Override,
): { list: Override[]; result: Override } {
  const previous = list.find((o) => o.site === fresh.site);
  const value = previous ? relaxAgain(previous, fresh) : fresh;
  return { list: [...list.filter((o) => o.site !== value.site), value], result: value };
}
