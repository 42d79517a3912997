/**
 * The budget: diagnosing the 10,000 exchanges of a HAR must cost no more CPU than `JSON.parse` of
 * the HAR itself. Measured as the minimum of interleaved runs (CPU time, not wall time), which is
 * stable on a shared machine.
 */
import { expect, test } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import type { Exchange, Header } from '../../../src/cors/types.ts';

const N = 10_000;
const PAGE = 'http://localhost:5173';

/** A HAR entry as Chromium writes it for a fetch() to an API (no response body, a lean case). */
function entry(i: number): unknown {
  const method = ['GET', 'POST', 'PUT', 'DELETE'][i % 4]!;
  const url = `https://api${i % 5}.example.test/v1/items/${i}?page=${i % 7}`;
  const h = (name: string, value: string): Header => ({ name, value });
  return {
    startedDateTime: '2026-09-01T10:00:00.000Z',
    time: 12.3,
    _initiator: { type: 'script' },
    _resourceType: 'fetch',
    request: {
      method,
      url,
      httpVersion: 'h2',
      headers: [
        h(':authority', `api${i % 5}.example.test`),
        h(':method', method),
        h(':path', `/v1/items/${i}`),
        h(':scheme', 'https'),
        h('accept', 'application/json, text/plain, */*'),
        h('accept-encoding', 'gzip, deflate, br, zstd'),
        h('accept-language', 'en-US,en;q=0.9'),
        h(
          'authorization',
          'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc',
        ),
        h('content-type', 'application/json'),
        h('origin', PAGE),
        h('priority', 'u=1, i'),
        h('referer', `${PAGE}/`),
        h('sec-ch-ua', '"Chromium";v="156", "Not.A/Brand";v="99"'),
        h('sec-ch-ua-mobile', '?0'),
        h('sec-ch-ua-platform', '"Linux"'),
        h('sec-fetch-dest', 'empty'),
        h('sec-fetch-mode', 'cors'),
        h('sec-fetch-site', 'cross-site'),
        h(
          'user-agent',
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
        ),
      ],
      queryString: [{ name: 'page', value: String(i % 7) }],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: '',
      httpVersion: 'h2',
      headers: [
        h('access-control-allow-origin', i % 3 === 0 ? '*' : PAGE),
        h('access-control-allow-credentials', 'true'),
        h('content-type', 'application/json; charset=utf-8'),
        h('content-length', String(1000 + i)),
        h('date', 'Tue, 01 Sep 2026 10:00:00 GMT'),
        h('etag', `W/"${i.toString(16)}-abcdef"`),
        h('vary', 'Origin, Accept-Encoding'),
        h('x-powered-by', 'Express'),
        h('server', 'nginx'),
      ],
      cookies: [],
      content: { size: 1000, mimeType: 'application/json', compression: 0 },
      redirectURL: '',
      headersSize: -1,
      bodySize: 1000,
      _transferSize: 1300,
      _error: i % 4 === 3 ? 'net::ERR_FAILED' : null,
    },
    cache: {},
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10, receive: 1.2 },
    serverIPAddress: '127.0.0.1',
  };
}

interface HarEntry {
  request: { url: string; method: string; headers: Header[] };
  response: { status: number; headers: Header[]; _error: string | null };
}

/** The exchange the HAR reader would build, with the preflight entry it pairs in. */
function toExchange(e: HarEntry, i: number): Exchange {
  const x: Exchange = {
    id: String(i),
    initiatorOrigin: PAGE,
    initiator: 'fetch',
    legs: [
      {
        request: e.request,
        preflight: {
          request: {
            url: e.request.url,
            method: 'OPTIONS',
            headers: [
              { name: 'Access-Control-Request-Method', value: e.request.method },
              { name: 'Access-Control-Request-Headers', value: 'authorization,content-type' },
            ],
          },
          response: {
            status: 204,
            headers: [
              { name: 'Access-Control-Allow-Origin', value: PAGE },
              { name: 'Access-Control-Allow-Methods', value: 'GET, POST, PUT' },
              { name: 'Access-Control-Allow-Headers', value: 'authorization, content-type' },
              { name: 'Access-Control-Allow-Credentials', value: 'true' },
            ],
          },
        },
        response: { status: e.response.status, headers: e.response.headers },
      },
    ],
  };
  if (e.response._error) x.observed = { netError: e.response._error };
  return x;
}

function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

test(
  'diagnosing 10,000 exchanges costs less CPU than JSON.parse of their HAR',
  { timeout: 120_000 },
  () => {
    const har = JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: Array.from({ length: N }, (_, i) => entry(i)),
      },
    });
    let parsed = JSON.parse(har) as { log: { entries: HarEntry[] } };
    const exchanges = parsed.log.entries.map(toExchange);
    let parse = Infinity;
    let diag = Infinity;
    let verdicts = new Map<string, number>();
    for (let run = 0; run < 5; run++) {
      parse = Math.min(
        parse,
        cpuMs(() => (parsed = JSON.parse(har) as typeof parsed)),
      );
      diag = Math.min(
        diag,
        cpuMs(() => {
          verdicts = new Map();
          for (const x of exchanges) {
            const v = diagnose(x).verdict;
            verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
          }
        }),
      );
    }
    // Sanity: the work was real (every exchange diagnosed, with a mix of verdicts).
    expect([...verdicts.values()].reduce((a, b) => a + b, 0)).toBe(N);
    expect(verdicts.get('blocked')).toBeGreaterThan(0);
    expect(verdicts.get('allowed')).toBeGreaterThan(0);
    console.info(
      `HAR ${(har.length / 1e6).toFixed(1)} MB: JSON.parse ${parse.toFixed(0)} ms CPU, diagnose x${N} ${diag.toFixed(0)} ms CPU (ratio ${(diag / parse).toFixed(2)})`,
    );
    expect(diag).toBeLessThanOrEqual(parse);
  },
);
