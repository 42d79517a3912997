/** fast-check generators for overrides, tabs and response headers. */
import { fc } from '../../setup/property-test.ts';
import type { Header } from '../../../src/cors/types.ts';
import type { Override } from '../../../src/overrides/types.ts';
import { NOW } from './fixtures.ts';

export const ORIGINS = [
  'http://localhost:5173',
  'http://localhost:3000',
  'http://127.0.0.1:8080',
  'https://app.example.com',
  'https://api.example.com',
  'http://[::1]:4000',
  'https://xn--bcher-kva.example',
];
const API_ENTRIES = [...ORIGINS, 'https://*.example.com', 'http://*.localhost:9000'];
const TOKENS = ['PUT', 'PATCH', 'patch', 'PROPFIND', 'LOCK', 'DELETE', 'Custom-1'];
const HEADERS = ['x-a', 'x-b', 'authorization', 'content-type', 'x-requested-with'];

const rawOverrideArb = fc.record({
  id: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  site: fc.constantFrom(...ORIGINS),
  apiOrigins: fc.oneof(
    fc.constant('any' as const),
    fc.uniqueArray(fc.constantFrom(...API_ENTRIES), { minLength: 1, maxLength: 4 }),
  ),
  credentials: fc.boolean(),
  methods: fc.uniqueArray(fc.constantFrom(...TOKENS), { maxLength: 3 }),
  requestHeaders: fc.uniqueArray(fc.constantFrom(...HEADERS), { maxLength: 3 }),
  exposeHeaders: fc.uniqueArray(fc.constantFrom('x-total', 'etag', 'link'), { maxLength: 2 }),
  learned: fc.record(
    {
      methods: fc.uniqueArray(fc.constantFrom('PROPFIND', 'MKCOL', 'purge'), { maxLength: 2 }),
      requestHeaders: fc.uniqueArray(fc.constantFrom('x-trace', 'x-c'), { maxLength: 2 }),
      redirectOrigins: fc.uniqueArray(fc.constantFrom(...ORIGINS), { maxLength: 2 }),
    },
    { requiredKeys: ['methods', 'requestHeaders'] },
  ),
  scope: fc.oneof(
    fc.constant({ kind: 'site' as const }),
    fc.record({ kind: fc.constant('tab' as const), tabId: fc.integer({ min: 0, max: 6 }) }),
  ),
  end: fc.oneof(
    fc.record({
      kind: fc.constant('at' as const),
      at: fc.integer({ min: NOW - 10, max: NOW + 10 }),
    }),
    fc.record({ kind: fc.constant('tab-close' as const), tabId: fc.integer({ min: 0, max: 6 }) }),
  ),
  paused: fc.boolean(),
  answerPreflights: fc.boolean(),
  createdAt: fc.integer({ min: 0, max: NOW }),
});

/** An API list never names the site itself (validation refuses it; same-origin needs no CORS). */
export const overrideArb: fc.Arbitrary<Override> = rawOverrideArb.map((o) => {
  if (o.apiOrigins === 'any') return o;
  const apiOrigins = o.apiOrigins.filter((a) => a !== o.site);
  return { ...o, apiOrigins: apiOrigins.length > 0 ? apiOrigins : 'any' };
});

export const tabsArb = fc.array(
  fc.record({
    tabId: fc.integer({ min: 0, max: 6 }),
    origin: fc.constantFrom(...ORIGINS, 'file:///x', 'about:blank'),
  }),
  { maxLength: 6 },
);

/** ACAO values that matter: none, `*`, `null`, the site, others, duplicates, odd case. */
export function acaoArb(site: string): fc.Arbitrary<string[]> {
  const one = fc.constantFrom(
    '*',
    'null',
    'NULL',
    site,
    site.toUpperCase(),
    `${site}/`,
    'http://evil.test',
    '',
    'localhost',
  );
  return fc.array(one, { maxLength: 3 });
}

export function responseArb(site: string): fc.Arbitrary<Header[]> {
  return fc
    .tuple(
      acaoArb(site),
      fc.array(fc.constantFrom('true', 'True', 'false', ''), { maxLength: 2 }),
      fc.array(fc.constantFrom('GET', 'PUT, DELETE', '*', 'bad value'), { maxLength: 2 }),
      fc.array(fc.constantFrom('Origin', 'Accept-Encoding'), { maxLength: 2 }),
    )
    .map(([acao, acac, acam, vary]) => [
      ...acao.map((value) => ({ name: 'Access-Control-Allow-Origin', value })),
      ...acac.map((value) => ({ name: 'access-control-allow-credentials', value })),
      ...acam.map((value) => ({ name: 'Access-Control-Allow-Methods', value })),
      ...vary.map((value) => ({ name: 'Vary', value })),
    ]);
}
