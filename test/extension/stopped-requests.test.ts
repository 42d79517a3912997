// Firefox's onRequestFinished skips requests that got no response; followStoppedRequests finds
// the ones a failed preflight stopped in DevTools' log. Checked against a HAR recorded in a real
// Firefox (test/fixtures/firefox/cors-cases.har, `npx tsx test/e2e/firefox/record.ts`).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  findStoppedRequest,
  followStoppedRequests,
} from '../../extension/platform/stopped-requests.ts';
import { chromeEntries } from '../fixtures/har/builders.ts';
import { scenario } from '../fixtures/har/scenarios.ts';

interface Entry {
  startedDateTime: string;
  request: { method: string; url: string; headers: { name: string; value: string }[] };
  response: { status: number; headers: { name: string; value: string }[] };
}

const recorded: Entry[] = JSON.parse(
  readFileSync(new URL('../fixtures/firefox/cors-cases.har', import.meta.url), 'utf8'),
).log.entries;
/** What Firefox's devtools.network.onRequestFinished delivers: only answered requests. */
const finishedLive = recorded.filter((e) => e.response.status > 0);
const stopped = recorded.filter((e) => e.response.status === 0);
const settle = () => new Promise((r) => setTimeout(r, 20));

function follow(log: () => object[], options = { attempts: 3, retryMs: 1 }) {
  const forwarded: object[] = [];
  let reads = 0;
  const onEntry = followStoppedRequests(
    async () => {
      reads++;
      return log();
    },
    (e) => forwarded.push(e),
    options,
  );
  return { onEntry, forwarded, reads: () => reads };
}

describe('requests stopped by their preflight, in Firefox', () => {
  test('the recording has them: status 0, never finished live', () => {
    expect(stopped.map((e) => e.request.url.replace(/^.*\//, ''))).toEqual([
      'header-not-allowed',
      'method-not-allowed',
      'preflight-404',
      'preflight-404-no-cors-headers',
    ]);
  });

  test('every stopped request is recovered from the log, once, after its preflight', async () => {
    const f = follow(() => recorded);
    for (const entry of finishedLive) f.onEntry(entry);
    // A preflight announced twice does not recover its request twice.
    f.onEntry(finishedLive.at(-1)!);
    await settle();
    const key = (e: object) => JSON.stringify(e);
    expect(
      f.forwarded
        .filter((e) => !finishedLive.includes(e as Entry))
        .map(key)
        .sort(),
    ).toEqual(stopped.map(key).sort());
    // One log read per preflight: the log is not read for ordinary requests.
    expect(f.reads()).toBe(stopped.length + 1);
  });

  test('a request whose preflight passed is under way, not stopped: it is left to arrive', () => {
    const preflight = recorded.find(
      (e) => e.request.method === 'OPTIONS' && e.request.url.endsWith('/preflight-404'),
    )!;
    const origin = preflight.request.headers.find((h) => h.name === 'Origin')!.value;
    const passed = {
      ...preflight,
      response: {
        ...preflight.response,
        status: 204,
        headers: [
          { name: 'Access-Control-Allow-Origin', value: origin },
          { name: 'Access-Control-Allow-Methods', value: 'PUT' },
        ],
      },
    };
    expect(findStoppedRequest(recorded, passed, 'PUT')).toBeUndefined();
    // With credentials allowed as well: passes whatever the (unrecorded) credentials mode was.
    const withCredentials = {
      ...passed,
      response: {
        ...passed.response,
        headers: [
          ...passed.response.headers,
          { name: 'Access-Control-Allow-Credentials', value: 'true' },
        ],
      },
    };
    expect(findStoppedRequest(recorded, withCredentials, 'PUT')).toBeUndefined();
    expect(findStoppedRequest(recorded, preflight, 'PUT')).toEqual(
      stopped.find((e) => e.request.url.endsWith('/preflight-404')),
    );
  });

  test('a request that is not in the log yet is looked for a bounded number of times', async () => {
    const f = follow(() => []);
    f.onEntry(finishedLive.find((e) => e.request.method === 'OPTIONS')!);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.reads()).toBe(3);
    expect(f.forwarded).toHaveLength(1);
  });

  test('Chromium’s entries carry their own blocked marks: the log is never read', async () => {
    const entries = chromeEntries(scenario('preflight-404-without-cors').spec, {
      now: Date.UTC(2026, 0, 1),
    });
    const f = follow(() => entries);
    for (const entry of entries) f.onEntry(entry);
    await settle();
    expect(f.forwarded).toEqual(entries);
    expect(f.reads()).toBe(0);
  });
});
