/**
 * "Open HAR…" by size: read whole, streamed through the bounded reader, or refused with a message.
 * The file is a fake with the size it claims, so no test needs a gigabyte.
 */
import { describe, expect, test } from 'vitest';
import { analyse } from '../../../extension/devtools/model/analysis.ts';
import {
  DIRECT_READ_BYTES,
  fitsWholeRead,
  MAX_HAR_BYTES,
  MAX_STREAMED_EXCHANGES,
  planFor,
  refusal,
  streamHar,
  type HarBlob,
} from '../../../extension/devtools/model/open-har.ts';
import { readHarText } from '../../../extension/devtools/model/engine.ts';
import { SCENARIOS, harText, scenarioEntries, settle, startedStore } from './support.ts';

/** A file whose bytes arrive in chunks of `chunk` bytes, claiming `size` bytes. */
function fakeFile(text: string, size = text.length, name = 'big.har', chunk = 1000): HarBlob {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size,
    text: async () => text,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += chunk)
            controller.enqueue(bytes.subarray(i, i + chunk));
          controller.close();
        },
      }),
  };
}

describe('planFor', () => {
  test.each([
    [1, 'direct'],
    [DIRECT_READ_BYTES, 'direct'],
    [DIRECT_READ_BYTES + 1, 'stream'],
    [MAX_HAR_BYTES, 'stream'],
    [MAX_HAR_BYTES + 1, 'refuse'],
  ])('%d bytes: %s', (size, plan) => {
    expect(planFor(size)).toBe(plan);
  });
});

describe('a small file shaped to exhaust JSON.parse', () => {
  test('is streamed entry by entry: the dense entry is named and skipped, the rest listed', async () => {
    const entries = scenarioEntries();
    const real = harText(entries);
    expect(fitsWholeRead(real)).toBe(true);
    // 9 million empty objects: 27 MB of text, well under the whole-read size, some 400 MB parsed.
    const flood = `{"flood":[${'{},'.repeat(9_000_000)}{}]}`;
    const text = real.replace('"entries":[', `"entries":[${flood},`);
    expect(text.length).toBeLessThan(DIRECT_READ_BYTES);
    expect(fitsWholeRead(text)).toBe(false);
    expect(fitsWholeRead('{"log":{"entries":[' + '['.repeat(1100) + ']'.repeat(1100) + ']}}')).toBe(
      false,
    );
    const streamed = await streamHar(fakeFile(text, text.length, 'dense.har', 1 << 20), 'shape');
    const crossOrigin = readHarText(real).exchanges.filter((x) => !x.id?.startsWith('same-'));
    expect(streamed.exchanges.map((x) => x.legs[0]?.request.url)).toEqual(
      crossOrigin.map((x) => x.legs[0]?.request.url),
    );
    expect(crossOrigin.length).toBeGreaterThan(0);
    expect(streamed.errors[0]?.message).toMatch(/more JSON values or deeper nesting than a HAR/);
    expect(streamed.errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/more than 1,000,000 JSON values/),
    );
  });
});

describe('streaming a big file', () => {
  test('gives the cross-origin exchanges and verdicts a whole read gives, and says it streamed', async () => {
    const text = harText(scenarioEntries());
    const whole = readHarText(text);
    const streamed = await streamHar(fakeFile(text, DIRECT_READ_BYTES + 1));
    const crossOrigin = whole.exchanges.filter((x) => !x.id?.startsWith('same-'));
    expect(streamed.exchanges).toEqual(crossOrigin);
    expect(streamed.marked).toBe(whole.marked);
    expect(streamed.errors[0]?.message).toMatch(/read in streaming mode/);
  });

  test('shows in the panel with its verdicts', async () => {
    const store = await startedStore();
    const text = harText(scenarioEntries());
    store.actions.showHar('big.har', await streamHar(fakeFile(text, DIRECT_READ_BYTES + 1)));
    await settle();
    const { records } = store.getState();
    expect(records.length).toBe(SCENARIOS.length);
    for (const [i, s] of SCENARIOS.entries()) {
      expect(analyse(records[i]!).status, s.name).toBe(s.expect.verdict);
    }
  });

  test('keeps at most the row cap and says how many more there are', async () => {
    // The cap is the same code at any size: 50 here rather than the panel's 20,000, which took
    // 6 s of generating and streaming.
    expect(MAX_STREAMED_EXCHANGES).toBe(20_000);
    const cap = 50;
    const one = scenarioEntries(
      SCENARIOS.filter((s) => s.expect.verdict === 'blocked').slice(0, 1),
    );
    const entries = Array.from({ length: cap + 5 }, (_, i) =>
      one.map((e) => {
        const copy = structuredClone(e) as { request: { url: string } };
        copy.request.url = `${copy.request.url}${copy.request.url.includes('?') ? '&' : '?'}i=${i}`;
        return copy;
      }),
    ).flat();
    const read = await streamHar(
      fakeFile(harText(entries as never), DIRECT_READ_BYTES + 1),
      'size',
      cap,
    );
    expect(read.exchanges).toHaveLength(cap);
    expect(read.exchanges.at(-1)?.legs[0]?.request.url).toMatch(/i=49$/);
    expect(read.errors.at(-1)?.message).toMatch(/only the first 50 .* 5 more/);
  });
});

test('a file over the limit is refused with a message naming the command line', async () => {
  const store = await startedStore();
  const file = { name: 'huge.har', size: MAX_HAR_BYTES + 1 };
  store.actions.showHar(file.name, { exchanges: [], errors: [refusal(file)], marked: false });
  await settle();
  expect(store.getState().records).toHaveLength(0);
  expect(store.getState().inputErrors[0]?.message).toMatch(
    /up to 1024 MiB.*npx cors-lens explain huge\.har/,
  );
});
