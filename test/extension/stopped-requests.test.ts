// Firefox's onRequestFinished skips requests that got no response; followStoppedRequests finds
// the ones a failed preflight stopped in DevTools' log. Checked against a HAR recorded in a real
// Firefox (test/fixtures/firefox/cors-cases.har, `npx tsx test/e2e/firefox/record.ts`).
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import {
  createUnansweredWatch,
  endedWithoutResponse,
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

/** Entries as Firefox's log holds them (firefox-esr 153, recorded here): the fields that matter. */
const firefoxLogEntry = (
  url: string,
  at: string,
  state: 'refused' | 'waiting' | 'answered',
  method = 'GET',
) => ({
  startedDateTime: at,
  request: { method, url, headers: [{ name: 'Origin', value: 'http://localhost:5173' }] },
  response:
    state === 'answered'
      ? { status: 200, headers: [], bodySize: 12 }
      : { status: 0, headers: [], bodySize: state === 'waiting' ? -1 : 0 },
  // Absent while a request waits for its answer.
  ...(state === 'waiting' ? {} : { _securityState: 'insecure' }),
});

describe('requests that got no response at all, in Firefox', () => {
  const refused = firefoxLogEntry(
    'http://127.0.0.1:9/refused',
    '2026-12-03T06:32:19.683+00:00',
    'refused',
  );
  const waiting = firefoxLogEntry(
    'http://127.0.0.1:8/slow',
    '2026-12-03T06:32:19.773+00:00',
    'waiting',
  );

  test('a request that ended without a response is told apart from one still waiting', () => {
    expect(endedWithoutResponse(refused)).toBe(true);
    expect(endedWithoutResponse(waiting)).toBe(false);
    expect(
      endedWithoutResponse(firefoxLogEntry('http://a.test/', refused.startedDateTime, 'answered')),
    ).toBe(false);
    // The recording: its stopped requests ended without a response, its answered ones did not.
    for (const e of stopped) expect(endedWithoutResponse(e)).toBe(true);
    for (const e of finishedLive) expect(endedWithoutResponse(e)).toBe(false);
  });

  function watch(log: object[]) {
    const watcher = createUnansweredWatch(async () => [...log]);
    const forwarded: object[] = [];
    return { watcher, forwarded, forward: (e: object) => forwarded.push(e) };
  }
  const poll = async (ms = 1000) => {
    await vi.advanceTimersByTimeAsync(ms);
  };

  test('each is forwarded once, after it ended; what the first list held is not forwarded again', async () => {
    vi.useFakeTimers();
    try {
      const before = firefoxLogEntry(
        'http://127.0.0.1:9/before',
        '2026-12-03T06:30:00.000+00:00',
        'refused',
      );
      const log: object[] = [before];
      const { watcher, forwarded, forward } = watch(log);
      const stop = watcher.poll(forward, 1000);
      expect(await watcher.snapshot()).toEqual([before]);
      await poll();
      expect(forwarded).toEqual([]);
      log.push(refused, waiting);
      await poll();
      expect(forwarded).toEqual([refused]);
      await poll();
      expect(forwarded).toEqual([refused]);
      // The waiting one ends without an answer: forwarded then.
      log[2] = {
        ...waiting,
        response: { ...waiting.response, bodySize: 0 },
        _securityState: 'insecure',
      };
      await poll();
      expect(forwarded).toEqual([refused, log[2]]);
      stop();
      log.push(
        firefoxLogEntry('http://127.0.0.1:9/after', '2026-12-03T06:40:00.000+00:00', 'refused'),
      );
      await poll(5000);
      expect(forwarded).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test('one reported live or recovered after its preflight is not forwarded again by the poll', async () => {
    vi.useFakeTimers();
    try {
      const log: object[] = [...recorded, refused];
      const { watcher, forwarded, forward } = watch(log);
      const onEntry = watcher.follow(forward);
      const stop = watcher.poll(forward, 1000);
      await watcher.snapshot();
      log.push(waiting);
      // Reported by onRequestFinished (Firefox does report some), then read by the poll.
      const live = firefoxLogEntry(
        'http://127.0.0.1:9/live',
        '2026-12-03T06:35:00.000+00:00',
        'refused',
      );
      log.push(live);
      onEntry(live);
      onEntry(live);
      await poll();
      expect(forwarded).toEqual([live]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  test('requests a failed preflight stopped: recovered once, whether the poll or the preflight finds them', async () => {
    vi.useFakeTimers();
    try {
      const log: object[] = [];
      const { watcher, forwarded, forward } = watch(log);
      const onEntry = watcher.follow(forward);
      const stop = watcher.poll(forward, 1000);
      await watcher.snapshot();
      log.push(...recorded);
      await poll();
      for (const entry of finishedLive) onEntry(entry);
      await poll();
      const key = (e: object) => JSON.stringify(e);
      expect(
        forwarded
          .filter((e) => !finishedLive.includes(e as Entry))
          .map(key)
          .sort(),
      ).toEqual(stopped.map(key).sort());
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  test('Chromium reports its failed requests itself: the poll never reads the log there', async () => {
    vi.useFakeTimers();
    try {
      const entries = chromeEntries(scenario('preflight-404-without-cors').spec, {
        now: Date.UTC(2026, 0, 1),
      });
      let reads = 0;
      const watcher = createUnansweredWatch(async () => {
        reads++;
        return entries;
      });
      const forwarded: object[] = [];
      const stop = watcher.poll((e) => forwarded.push(e), 1000);
      await watcher.snapshot();
      const onEntry = watcher.follow((e) => forwarded.push(e));
      for (const entry of entries) onEntry(entry);
      await vi.advanceTimersByTimeAsync(5000);
      expect(reads).toBe(1);
      expect(forwarded).toEqual(entries);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
