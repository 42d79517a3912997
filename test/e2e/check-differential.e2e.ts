// `cors-lens check` against live Chromium: the differential matrix runs in Chromium (its own verdict
// per case over CDP), then `check` probes the same routes over HTTP, and the two must agree on the
// verdict and reason of every case, and on the failed parameter except where the request had several
// disallowed headers (Chromium names the first in its header hash map's order; docs/differential.md).
import { beforeAll, describe, expect, test } from 'vitest';
import { useBrowser } from './harness/index.ts';
import { CASES } from './differential/cases.ts';
import {
  disagreementTable,
  runChecks,
  wireTable,
  type CheckRun,
} from './differential/check-run.ts';
import { runLive } from './differential/live-run.ts';

describe('differential: cors-lens check against live Chromium', () => {
  const browser = useBrowser({ devtools: true });
  let run: CheckRun;

  beforeAll(async () => {
    const recording = await runLive(CASES, { browser });
    // What went on the wire comes from CDP, not the HAR: DevTools can add a redirected preflight's
    // entry long after the request (a case's Chromium side was once empty under load).
    const sent = recording.wire.map((request) => ({ request }));
    run = await runChecks(CASES, recording.cases, recording.origins, sent);
    console.log(
      `cors-lens check vs live Chromium: ${run.agreeing}/${run.total} agree on verdict, reason and failed parameter\n${disagreementTable(run)}`,
    );
  }, 180_000);

  test('agrees on every verdict and reason, and on the failed parameter up to header order', () => {
    expect(disagreementTable(run, false)).toBe('');
    const orderOnly = run.results.filter((r) => r.otherDisallowedHeader).length;
    expect(run.agreeing + orderOnly).toBe(CASES.length);
    expect(run.results.filter((r) => r.exit !== 0).map((r) => r.id)).toEqual([]);
  });

  test('puts on the wire what Chromium did: requests, Origin, preflight and Sec-Fetch headers', () => {
    expect(wireTable(run)).toBe('');
  });
});
