/**
 * A large Chrome-format HAR with a realistic mix of what a dev session records: simple and
 * preflighted API calls, credentialed calls, redirects, every common CORS failure, network errors,
 * and the same-origin and no-cors noise around them. Deterministic for a given size and seed.
 */
import {
  chromeEntries,
  chromeNoise,
  har,
  type ExchangeSpec,
  type HarEntry,
  type HopSpec,
} from '../../../test/fixtures/har/builders.ts';
import { PAGE, scenario, type Scenario } from '../../../test/fixtures/har/scenarios.ts';

/** Scenario name → relative frequency: mostly working calls, a third failing, a few down. */
export const MIX: Readonly<Record<string, number>> = {
  'allowed-get': 30,
  'allowed-preflighted-post': 15,
  'allowed-credentialed-xhr': 8,
  'allowed-redirect-same-api': 4,
  'missing-allow-origin': 8,
  'wildcard-with-credentials': 4,
  'allow-origin-mismatch': 3,
  'multiple-allow-origin-values': 2,
  'missing-allow-credentials': 4,
  'preflight-404-without-cors': 5,
  'preflight-500-with-cors': 2,
  'header-not-allowed': 5,
  'method-not-allowed': 3,
  'redirect-to-other-origin': 3,
  'connection-refused': 4,
};

/** The mixes the benchmarks run: the realistic one, and its allowed-only and blocked-only halves. */
export const MIXES: Readonly<
  Record<'realistic' | 'allowed' | 'blocked', Readonly<Record<string, number>>>
> = {
  realistic: MIX,
  allowed: Object.fromEntries(Object.entries(MIX).filter(([name]) => name.startsWith('allowed-'))),
  blocked: Object.fromEntries(
    Object.entries(MIX).filter(
      ([name]) => !name.startsWith('allowed-') && name !== 'connection-refused',
    ),
  ),
};
export type MixName = keyof typeof MIXES;

export interface HarMix {
  text: string;
  exchanges: number;
  entries: number;
  /** Scenario of each exchange, in order. */
  scenarios: Scenario[];
  /** Expected verdict counts. */
  expected: { allowed: number; blocked: number; 'network-error': number };
}

export interface HarMixOptions {
  seed?: number;
  /** Average size of a 2xx JSON body in bytes (Chrome exports keep bodies). */
  bodyBytes?: number;
  /** Same-origin / no-cors entries per exchange, on average. */
  noise?: number;
  /** Scenario name → relative frequency (default `MIX`). */
  mix?: Readonly<Record<string, number>>;
  /**
   * No two exchanges alike, as in a long real session: each gets its own API ports, cookie and
   * response ids besides its own URLs, so nothing the CLI could reuse repeats.
   */
  distinct?: boolean;
  /** Number of the first exchange (its URLs, ports and ids): blocks of one file stay distinct. */
  firstIndex?: number;
}

/** mulberry32: a tiny deterministic PRNG, so every run measures the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function jsonBody(bytes: number, n: number): string {
  const items: string[] = [];
  let size = 20;
  for (let i = 0; size < bytes; i++) {
    const item = `{"id":${n * 100 + i},"name":"Item ${i} of page ${n}","done":${i % 3 === 0},"tags":["dev","cors"]}`;
    items.push(item);
    size += item.length + 1;
  }
  return `{"page":${n},"items":[${items.join(',')}]}`;
}

/** Gives every exchange its own URLs (as in a real session), keeping redirects consistent. */
function personalize(spec: ExchangeSpec, n: number, body: string): ExchangeSpec {
  const tag = (url: string) => `${url}${url.includes('?') ? '&' : '?'}n=${n}`;
  const hops = spec.hops.map((hop): HopSpec => {
    const copy: HopSpec = { ...hop, url: tag(hop.url), body };
    if (hop.redirectURL !== undefined) {
      copy.redirectURL = tag(hop.redirectURL);
      copy.responseHeaders = (hop.responseHeaders ?? []).map(([name, value]) =>
        name.toLowerCase() === 'location' ? [name, copy.redirectURL!] : [name, value],
      );
    }
    return copy;
  });
  return { ...spec, hops };
}

/** Ports of the scenarios' servers, moved per exchange (never onto the page's 5173). */
const SERVER_PORTS = /(localhost:3000|localhost:4000|127\.0\.0\.1:8080)\b/g;

/**
 * The same exchange with servers on ports of its own, a session cookie and response ids of its
 * own: every origin, header value and URL then differs from every other exchange's.
 */
function distinctSpec(spec: ExchangeSpec, n: number): ExchangeSpec {
  // An even shift: the even server ports never land on the page's odd 5173.
  const shift = 1 + (n % 997);
  const moved = JSON.parse(
    JSON.stringify(spec).replace(SERVER_PORTS, (hostPort: string) => {
      const colon = hostPort.lastIndexOf(':');
      return `${hostPort.slice(0, colon + 1)}${Number(hostPort.slice(colon + 1)) + shift * 2}`;
    }),
  ) as ExchangeSpec;
  const id = (n * 2654435761).toString(36);
  const hops = moved.hops.map((hop): HopSpec => ({
    ...hop,
    responseHeaders: [...(hop.responseHeaders ?? []), ['X-Request-Id', `req-${id}-${n}`]],
  }));
  return {
    ...moved,
    hops,
    ...(moved.cookie === undefined ? {} : { cookie: `sid=${id}${n}; theme=dark` }),
  };
}

export function makeHarMix(count: number, opts: HarMixOptions = {}): HarMix {
  const rand = random(opts.seed ?? 42);
  const mix = opts.mix ?? MIX;
  const names = Object.keys(mix);
  const total = names.reduce((sum, name) => sum + mix[name]!, 0);
  const pick = (): Scenario => {
    let r = rand() * total;
    for (const name of names) {
      r -= mix[name]!;
      if (r < 0) return scenario(name);
    }
    return scenario(names[0]!);
  };
  const clock = { now: Date.UTC(2026, 7, 22, 9, 0, 0) };
  const entries: HarEntry[] = [chromeNoise(PAGE, 'document', clock)];
  const scenarios: Scenario[] = [];
  const expected = { allowed: 0, blocked: 0, 'network-error': 0 };
  const noise = opts.noise ?? 0.5;
  const kinds = ['script', 'stylesheet', 'image-cross-origin'] as const;
  const bodyBytes = opts.bodyBytes ?? 600;
  const first = opts.firstIndex ?? 0;
  for (let n = first; n < first + count; n++) {
    const s = pick();
    scenarios.push(s);
    expected[s.expect.verdict as keyof typeof expected]++;
    const body = jsonBody(Math.round(bodyBytes * (0.25 + 1.5 * rand())), n);
    const spec = opts.distinct ? distinctSpec(s.spec, n) : s.spec;
    entries.push(...chromeEntries(personalize(spec, n, body), clock));
    if (rand() < noise) entries.push(chromeNoise(PAGE, kinds[n % kinds.length]!, clock));
  }
  const text = JSON.stringify(har('chrome', PAGE, clock.now, entries));
  return { text, exchanges: count, entries: entries.length, scenarios, expected };
}
