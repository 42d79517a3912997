/**
 * A page's draft → a valid Override (or a ProtocolFailure naming the fields), and into the stored
 * list by the model's one "relax again" rule (src/overrides/relax-again.ts): what createOverride,
 * the keyboard shortcut and a granted pending override all do.
 */
import {
  addToList,
  createOverride,
  type Override,
  type OverrideDraft,
} from '../../src/overrides/index.ts';
import { ProtocolFailure, summarize } from './protocol-failure.ts';

/** The override a draft makes, validated with every limit; throws a ProtocolFailure otherwise. */
export function overrideFromDraft(draft: OverrideDraft, now: number, id: string): Override {
  const made = createOverride(draft, now, id);
  if (!made.value) {
    throw new ProtocolFailure(`Cannot relax: ${summarize(made.errors)}`, made.errors);
  }
  return made.value;
}

/** Throws a ProtocolFailure naming the fields when the draft does not validate. */
export function addOverride(
  draft: OverrideDraft,
  list: readonly Override[],
  now: number,
  id: string,
): { list: Override[]; result: Override } {
  return addToList(list, overrideFromDraft(draft, now, id));
}
