/**
 * Turning what a page asks for (an OverrideDraft) into a full, valid Override with defaults:
 * every API origin, credentials allowed, no extra methods or headers, scope = every tab of the site.
 */
import type { InputError } from '../cors/types.ts';
import type { OverrideDraft } from './draft.ts';
import { LIMITS } from './defaults.ts';
import type { Override, OverrideEnd } from './types.ts';
import { tooLongMessage, validateOverride } from './validate.ts';

const MINUTE_MS = 60_000;

export function createOverride(
  draft: OverrideDraft,
  now: number,
  id: string,
): { value?: Override; errors: InputError[] } {
  const errors: InputError[] = [];
  if (typeof draft !== 'object' || draft === null) {
    return { errors: [{ path: '(root)', message: 'Expected an override draft.' }] };
  }
  const scope = draft.scope ?? { kind: 'site' };
  let end: OverrideEnd | undefined;
  if (draft.duration === 'tab-close') {
    const tabId = scope.kind === 'tab' ? scope.tabId : draft.tabId;
    if (typeof tabId === 'number') end = { kind: 'tab-close', tabId };
    else {
      errors.push({
        path: 'duration',
        message: '"Until the tab closes" needs a tab: relax it from the popup or the panel.',
      });
    }
  } else if (
    typeof draft.duration === 'number' &&
    Number.isFinite(draft.duration) &&
    draft.duration > 0
  ) {
    if (draft.duration > LIMITS.durationMinutes) {
      errors.push({
        path: 'duration',
        message: tooLongMessage(),
      });
    } else end = { kind: 'at', at: now + Math.round(draft.duration * MINUTE_MS) };
  } else {
    errors.push({ path: 'duration', message: 'Expected minutes (> 0) or "tab-close".' });
  }
  const candidate = {
    id,
    site: draft.site,
    apiOrigins: draft.apiOrigins ?? 'any',
    credentials: draft.credentials ?? true,
    methods: draft.methods ?? [],
    requestHeaders: draft.requestHeaders ?? [],
    exposeHeaders: draft.exposeHeaders ?? [],
    learned: { methods: [], requestHeaders: [] },
    scope,
    // A placeholder keeps field errors coming from validateOverride when the duration was bad.
    end: end ?? { kind: 'at', at: now },
    paused: false,
    answerPreflights: draft.answerPreflights ?? false,
    createdAt: now,
  };
  const result = validateOverride(candidate, '', { now });
  errors.push(...result.errors);
  return errors.length > 0 ? { errors } : { value: result.value, errors };
}
