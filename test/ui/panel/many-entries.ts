// Many distinct exchanges for the panel's scale test and benchmark: the shared CORS scenarios
// (test/fixtures/har) over and over, each with its own URL, as Chromium's DevTools reports them.
import { chromeEntries, type HarEntry } from '../../fixtures/har/builders.ts';
import { SCENARIOS } from '../../fixtures/har/scenarios.ts';

export const MANY_START = Date.UTC(2026, 7, 22, 10, 0, 0);

/**
 * `count` distinct exchanges cycling through every scenario (each URL made unique), in arrival
 * order: what a busy page produces over a debugging session.
 */
export function manyEntries(count: number): HarEntry[] {
  const entries: HarEntry[] = [];
  const clock = { now: MANY_START };
  for (let i = 0; i < count; i++) {
    const base = SCENARIOS[i % SCENARIOS.length]!;
    const spec = {
      ...base.spec,
      hops: base.spec.hops.map((hop, h) => ({
        ...hop,
        url: `${hop.url}?n=${i}`,
        ...(hop.redirectURL && h === 0 ? { redirectURL: `${hop.redirectURL}?n=${i}` } : {}),
      })),
    };
    // Each hop's Location must point at the renamed next hop.
    spec.hops = spec.hops.map((hop) =>
      hop.redirectURL
        ? {
            ...hop,
            responseHeaders: (hop.responseHeaders ?? []).map(([name, value]) =>
              name.toLowerCase() === 'location' ? [name, hop.redirectURL!] : [name, value],
            ) as typeof hop.responseHeaders,
          }
        : hop,
    );
    entries.push(...chromeEntries(spec, clock));
  }
  return entries;
}
