import { fc, webPath } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import type { CorsErrorName, Exchange } from '../../../src/cors/types.ts';
import { generateFixes } from '../../../src/fixes/index.ts';
import { STACKS } from '../../../src/fixes/stacks/index.ts';
import type { Fix, StackId } from '../../../src/fixes/types.ts';
import { h, makeCase } from './factory.ts';
import { jsSyntaxErrors, pythonSyntaxErrors } from './syntax.ts';

const host = fc.oneof(
  fc.domain(),
  fc.constantFrom('localhost', '127.0.0.1', '[::1]', 'app.localhost', '192.168.1.20'),
);
const origin = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    host,
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  )
  .map(([s, hh, p]) => `${s}://${hh}${p === undefined ? '' : `:${p}`}`);
const path = fc.oneof(
  fc.constantFrom('/', '/api/items', '/v2/users/7', '/graphql', '/users/1', '/api/'),
  webPath(),
);
const method = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'delete',
  'patch',
  'PATCH',
  'Patch',
  'PROPFIND',
  'OPTIONS',
);
const headerName = fc.oneof(
  fc.constantFrom('Authorization', 'X-Api-Key', 'Content-Type', 'X-Requested-With', 'X-CSRFToken'),
  fc.stringMatching(/^X-[A-Za-z0-9][A-Za-z0-9-]{0,11}$/),
);
const FIXABLE: CorsErrorName[] = [
  'WildcardOriginNotAllowed',
  'PreflightWildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'PreflightMissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'AllowOriginMismatch',
  'InvalidAllowOriginValue',
  'InvalidAllowCredentials',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'DisallowedByMode',
];

const blockedCase = fc
  .record({
    origin,
    api: origin,
    path,
    method,
    headers: fc.uniqueArray(headerName, { maxLength: 4, selector: (n) => n.toLowerCase() }),
    reason: fc.constantFrom(...FIXABLE),
    existingAcao: fc.constantFrom('*', 'null', undefined),
    wildcardLists: fc.boolean(),
    credentials: fc.constantFrom('include', 'same-origin', 'omit') as fc.Arbitrary<
      'include' | 'same-origin' | 'omit'
    >,
  })
  .map((c) => {
    const preflightHeaders = [
      ...(c.existingAcao ? [h('Access-Control-Allow-Origin', c.existingAcao)] : []),
      ...(c.wildcardLists
        ? [h('Access-Control-Allow-Methods', '*'), h('Access-Control-Allow-Headers', '*')]
        : []),
    ];
    return {
      spec: c,
      ...makeCase({
        origin: c.origin,
        url: c.api + c.path,
        method: c.method,
        requestHeaders: c.headers.map((n) => [n, 'v'] as [string, string]),
        credentials: c.credentials,
        reason: c.reason,
        preflight: { status: 204, headers: preflightHeaders },
        response: { status: 200, headers: preflightHeaders },
      }),
    };
  });

/** Any `*` standing alone as a value on a line about origins. */
function wildcardOriginLine(code: string): string | undefined {
  return code
    .split('\n')
    .find(
      (line) =>
        /origin/i.test(line) &&
        (/(^|[\s"'[(,=:{])\*(?=[\s"'\]),;}]|$)/.test(line) ||
          /AllowAnyOrigin|ALLOW_ALL_ORIGINS/.test(line)),
    );
}

/** How each stack answers the OPTIONS preflight: explicit code, or a library known to end it. */
const ANSWERS_PREFLIGHT: Record<StackId, RegExp> = {
  express: /app\.use\(cors\(corsOptions\)\)/,
  fastify: /register\(cors, \{[\s\S]*hook: 'onRequest'/,
  koa: /app\.use\(\n\s+cors\(/,
  nestjs: /app\.enableCors\(/,
  nextjs: /if \(request\.method === 'OPTIONS'\)[\s\S]*status: 204/,
  django: /MIDDLEWARE\.insert\(0, "corsheaders\.middleware\.CorsMiddleware"\)/,
  flask: /CORS\(\n\s+app,/,
  fastapi: /app\.add_middleware\(\n\s+CORSMiddleware,/,
  rails: /insert_before 0, Rack::Cors[\s\S]*methods: %i\[[^\]]*\boptions\b/,
  spring: /addCorsMappings/,
  aspnet: /app\.UseCors\(FrontendCors\);[\s\S]*app\.UseAuthentication\(\)/,
  go: /c\.Handler\(mux\)/,
  nginx: /if \(\$request_method = OPTIONS\) \{[\s\S]*return 204;/,
  apache: /RewriteCond %\{REQUEST_METHOD\} =OPTIONS[\s\S]*\[R=204,L\]/,
  caddy: /respond @cors_preflight 204/,
  'vite-proxy': /proxy/,
  'webpack-proxy': /proxy/,
  'angular-proxy': /target/,
};

const CREDENTIALS_ON: Record<string, RegExp> = {
  express: /credentials: true/,
  fastify: /credentials: true/,
  koa: /credentials: true/,
  nestjs: /credentials: true/,
  nextjs: /'Access-Control-Allow-Credentials': 'true'/,
  django: /CORS_ALLOW_CREDENTIALS = True/,
  flask: /supports_credentials=True/,
  fastapi: /allow_credentials=True/,
  rails: /credentials: true/,
  spring: /\.allowCredentials\(true\)/,
  aspnet: /\.AllowCredentials\(\)/,
  go: /AllowCredentials: +true/,
  nginx: /Access-Control-Allow-Credentials "true" always;/,
  apache: /Access-Control-Allow-Credentials "true" env=CORS_ORIGIN/,
  caddy: /Access-Control-Allow-Credentials "true"/,
};

const pythonToCheck: { stack: string; code: string }[] = [];

function checkServerFix(
  fix: Fix,
  c: {
    origin: string;
    method: string;
    headers: string[];
    credentials: string;
    reason: CorsErrorName;
  },
) {
  const template = STACKS[fix.stack];
  const label = `${fix.stack} ${JSON.stringify(c)}`;
  expect(wildcardOriginLine(fix.code), label).toBeUndefined();
  expect(fix.code, label).toContain(c.origin);
  expect(fix.code, label).not.toMatch(/['"]null['"]/);
  const text = fix.code + '\n' + fix.notes.join('\n');
  if (template.vary === 'snippet') expect(fix.code, label).toMatch(/Vary\W+Origin/);
  else
    expect(text, label).toMatch(
      /Vary: Origin|Vary: origin|Vary: Origin, Access-Control-Request-Method/,
    );
  expect(fix.code, label).toMatch(ANSWERS_PREFLIGHT[fix.stack]);
  const credentialsOn =
    c.credentials === 'include' || /WildcardOrigin|AllowCredentials/.test(c.reason);
  if (credentialsOn) expect(fix.code, label).toMatch(CREDENTIALS_ON[fix.stack]!);
  else expect(fix.code, label).not.toMatch(CREDENTIALS_ON[fix.stack]!);
  for (const name of c.headers) expect(fix.code, label).toContain(name.toLowerCase());
  const sent = /^(delete|get|head|options|post|put)$/i.test(c.method)
    ? c.method.toUpperCase()
    : c.method;
  if (sent !== 'OPTIONS') {
    const lowerCase = sent !== sent.toUpperCase();
    if (fix.stack === 'rails') expect(fix.code, label).toContain(sent.toLowerCase());
    else if (lowerCase && template.upperCasesMethods) {
      // It cannot be allowed there (Spring 5 would even fail at startup): only the advice to send it upper-case.
      expect(fix.code, label).not.toMatch(new RegExp(`["']${sent}["']`));
      expect(fix.notes.join('\n'), label).toMatch(/upper-cases allowed methods/);
    } else expect(fix.code, label).toContain(sent);
  }
}

describe('properties of the fixes for random blocked exchanges', () => {
  it('server fixes: exact origin, never a wildcard origin, Vary, OPTIONS answered, credentials, exact names; code parses', () => {
    fc.assert(
      fc.property(blockedCase, ({ spec, exchange, diagnosis }) => {
        const fixes = generateFixes(exchange, diagnosis);
        expect(fixes.length).toBe(18);
        for (const fix of fixes) {
          if (fix.kind === 'server') checkServerFix(fix, spec);
          else expect(fix.code).toMatch(ANSWERS_PREFLIGHT[fix.stack]);
          if (fix.language === 'js' || fix.language === 'ts') {
            expect(jsSyntaxErrors(fix.code, fix.language), fix.stack).toEqual([]);
          } else if (fix.language === 'json') {
            expect(() => JSON.parse(fix.code)).not.toThrow();
          } else if (fix.language === 'python') {
            pythonToCheck.push({ stack: fix.stack, code: fix.code });
          }
        }
      }),
      { numRuns: 120 },
    );
    const errors = pythonSyntaxErrors(pythonToCheck.map((p) => p.code));
    errors.forEach((e, i) => expect(e, pythonToCheck[i]!.code).toBeNull());
  }, 60_000);

  it('the wildcard detector catches what it must', () => {
    expect(wildcardOriginLine("  origin: '*',")).toBeDefined();
    expect(wildcardOriginLine('allow_origins=["*"],')).toBeDefined();
    expect(wildcardOriginLine('add_header Access-Control-Allow-Origin * always;')).toBeDefined();
    expect(wildcardOriginLine('    origins "*"')).toBeDefined();
    expect(wildcardOriginLine('.SetIsOriginAllowed(_ => true).AllowAnyOrigin()')).toBeDefined();
    expect(wildcardOriginLine("origin: ['http://localhost:5173'],")).toBeUndefined();
  });
});

/** Strings that try to break out of every quoting style the snippets use. */
const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "'); process.exit(1); ('",
    '"; import os; os.system("x"); "',
    '#{`id`}',
    '${7*7}',
    '`rm -rf ~`',
    '\n}\nlocation / { return 200; }',
    '%{SERVER_NAME}e',
    '*',
    'http://a.test\r\nX-Evil: 1',
    '\u2028\u2029',
    "http://x.test'",
    'https://x.test/",',
  ),
);

describe('hostile input', () => {
  it('never throws, and what it produces still parses', () => {
    const py: string[] = [];
    fc.assert(
      fc.property(
        fc.record({
          origin: fc.oneof(hostile, origin),
          url: fc.oneof(
            hostile,
            origin.map((o) => o + '/api/x'),
          ),
          method: fc.oneof(hostile, method),
          headerNames: fc.array(hostile, { maxLength: 3 }),
          value: hostile,
          reason: fc.constantFrom(...FIXABLE),
          credentials: fc.constantFrom('include', 'omit') as fc.Arbitrary<'include' | 'omit'>,
        }),
        (c) => {
          const { exchange, diagnosis } = makeCase({
            origin: c.origin,
            url: c.url,
            method: c.method,
            requestHeaders: c.headerNames.map((n) => [n, c.value] as [string, string]),
            credentials: c.credentials,
            reason: c.reason,
            failedParameter: c.value,
            preflight: {
              status: 204,
              headers: [h('Access-Control-Allow-Headers', c.value), h(c.value, c.value)],
            },
            response: { status: 200, headers: [h('Access-Control-Expose-Headers', c.value)] },
          });
          const fixes = generateFixes(exchange, diagnosis);
          for (const fix of fixes) {
            if (fix.language === 'js' || fix.language === 'ts') {
              expect(jsSyntaxErrors(fix.code, fix.language)).toEqual([]);
            } else if (fix.language === 'json') JSON.parse(fix.code);
            else if (fix.language === 'python') py.push(fix.code);
            if (fix.kind === 'server') expect(wildcardOriginLine(fix.code)).toBeUndefined();
          }
        },
      ),
      { numRuns: 150 },
    );
    pythonSyntaxErrors(py).forEach((e, i) => expect(e, py[i]).toBeNull());
  }, 60_000);

  it('survives structurally broken exchanges', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (legA, legB) => {
        const { diagnosis } = makeCase({ reason: 'MissingAllowOriginHeader' });
        const exchange = {
          initiatorOrigin: 'http://localhost:5173',
          legs: [legA, legB],
        } as unknown as Exchange;
        expect(() => generateFixes(exchange, diagnosis)).not.toThrow();
        diagnosis.culprit = { where: 'response', legIndex: 1 };
        expect(() => generateFixes(exchange, diagnosis)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
