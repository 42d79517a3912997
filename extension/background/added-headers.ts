/**
 * The exact response headers a tab's compiled rules set, for the popup ("what the override adds").
 * Read from the rules themselves, not from the override, so what the user sees is what DNR does.
 */
import type { DnrRule } from '../../src/overrides/index.ts';

export interface AddedHeader {
  name: string;
  value: string;
  when: string;
}

function when(rule: DnrRule, operation: string): string {
  const c = rule.condition;
  const parts: string[] = [];
  if (c.requestMethods?.includes('options')) parts.push('on preflights');
  else if (c.excludedRequestMethods?.includes('options')) parts.push('on responses');
  else parts.push('on every response');
  if (c.excludedResponseHeaders?.length) parts.push("when the server's is missing or wrong");
  else if (c.responseHeaders?.length) parts.push('when the server repeats it');
  if (operation === 'append') parts.push("added to the server's list");
  return parts.join(', ');
}

export function addedHeaders(rules: readonly DnrRule[], tabId: number): AddedHeader[] {
  const out: AddedHeader[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (rule.action.type !== 'modifyHeaders' || !rule.condition.tabIds?.includes(tabId)) continue;
    for (const h of rule.action.responseHeaders ?? []) {
      if (h.operation === 'remove') continue;
      const key = `${h.header.toLowerCase()}\n${h.value ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: h.header, value: h.value ?? '', when: when(rule, h.operation) });
    }
  }
  return out;
}
