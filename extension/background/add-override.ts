/**
 * Adds a new override made from a page's draft to the stored list: what createOverride, the
 * keyboard shortcut and a granted pending override all do.
 */
import { createOverride, type Override } from '../../src/overrides/index.ts';
import type { OverrideDraft } from '../../src/protocol/messages.ts';
import { ProtocolFailure, summarize } from './protocol-failure.ts';

/** Throws a ProtocolFailure naming the fields when the draft does not validate. */
export function addOverride(
  draft: OverrideDraft,
  list: readonly Override[],
  now: number,
  id: string,
): { list: Override[]; result: Override } {
  const made = createOverride(draft, now, id);
  if (!made.value) {
    throw new ProtocolFailure(`Cannot relax: ${summarize(made.errors)}`, made.errors);
  }
  const previous = list.find((o) => o.site === made.value!.site);
  // One override per site: relaxing it again replaces the old one but keeps what was learned.
  const value: Override = previous
    ? {
        ...made.value,
        learned: {
          methods: [...new Set([...previous.learned.methods, ...made.value.learned.methods])],
          requestHeaders: [
            ...new Set([...previous.learned.requestHeaders, ...made.value.learned.requestHeaders]),
          ],
          ...(previous.learned.redirectOrigins
            ? { redirectOrigins: previous.learned.redirectOrigins }
            : {}),
          ...(previous.learned.redirectTargets
            ? { redirectTargets: previous.learned.redirectTargets }
            : {}),
        },
      }
    : made.value;
  return { list: [...list.filter((o) => o.site !== value.site), value], result: value };
}
