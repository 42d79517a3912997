import { describe, expect, it } from 'vitest';
import { CORS_ERRORS } from '../../../src/cors/types.ts';
import { NOT_FIXABLE_BY_CONFIG } from '../../../src/fixes/advice.ts';
import { generateFixes, STACK_IDS as ALL_STACKS } from '../../../src/fixes/index.ts';
import type { Fix, StackId } from '../../../src/fixes/types.ts';
import { PROXY_ORDER, SERVER_ORDER } from '../../../src/fixes/rank.ts';
import { h, makeCase } from './factory.ts';

const byStack = (fixes: Fix[], stack: StackId): Fix => {
  const fix = fixes.find((f) => f.stack === stack);
  if (!fix) throw new Error(`no ${stack} fix`);
  return fix;
};

describe('generateFixes: when it answers', () => {
  it.each(['allowed', 'not-cors', 'network-error'] as const)(
    'returns nothing for %s',
    (verdict) => {
      const { exchange, diagnosis } = makeCase({ verdict, reason: 'MissingAllowOriginHeader' });
      expect(generateFixes(exchange, diagnosis)).toEqual([]);
    },
  );

  it('offers every stack once for a blocked exchange', () => {
    const { exchange, diagnosis } = makeCase({ reason: 'MissingAllowOriginHeader' });
    const fixes = generateFixes(exchange, diagnosis);
    expect(fixes.map((f) => f.stack).sort()).toEqual([...ALL_STACKS].sort());
    for (const f of fixes) {
      expect(f.notes[0]).toMatch(/^Where: /);
      expect(f.code.trim()).not.toBe('');
    }
  });

  // The reasons no header configuration fixes (the advice is the fix), as the engine lists them.
  const noConfig = [...NOT_FIXABLE_BY_CONFIG];
  it('lists reasons that exist', () => {
    expect(noConfig.length).toBeGreaterThan(0);
    for (const reason of noConfig) expect(CORS_ERRORS).toContain(reason);
  });
  it.each(noConfig)('offers no header configuration for %s (the advice is the fix)', (reason) => {
    const { exchange, diagnosis } = makeCase({ reason });
    expect(generateFixes(exchange, diagnosis)).toEqual([]);
  });

  it.each(CORS_ERRORS.filter((r) => !noConfig.includes(r)))(
    'offers configuration for %s',
    (reason) => {
      const { exchange, diagnosis } = makeCase({ reason, method: 'PUT', credentials: 'include' });
      expect(generateFixes(exchange, diagnosis).length).toBe(ALL_STACKS.length);
    },
  );

  it('a non-http target gets no fixes', () => {
    const { exchange, diagnosis } = makeCase({ url: 'file:///tmp/data.json' });
    expect(generateFixes(exchange, diagnosis)).toEqual([]);
  });
});

describe('generateFixes: tailored to the case', () => {
  const { exchange, diagnosis } = makeCase({
    origin: 'https://app.example.test:8443',
    url: 'https://api.example.test/v1/orders/7',
    method: 'patch',
    requestHeaders: [
      ['X-Request-Token', 'abc'],
      ['Content-Type', 'application/json'],
    ],
    credentials: 'include',
    reason: 'MethodDisallowedByPreflightResponse',
    failedParameter: 'patch',
    preflight: {
      status: 204,
      headers: [
        h('Access-Control-Allow-Origin', 'https://app.example.test:8443'),
        h('Access-Control-Allow-Methods', 'GET, POST, PATCH, *'),
        h('Access-Control-Allow-Headers', 'X-Legacy'),
      ],
    },
    response: {
      status: 200,
      headers: [h('X-Total-Count', '42'), h('Link', '<…>; rel="next"'), h('X-Runtime', '0.01')],
    },
  });
  const fixes = generateFixes(exchange, diagnosis);

  it('uses the exact origin everywhere', () => {
    for (const f of fixes.filter((x) => x.kind === 'server')) {
      expect(f.code, f.stack).toContain('https://app.example.test:8443');
    }
  });

  it('keeps the lower-case method exactly as sent, next to the usual ones', () => {
    const express = byStack(fixes, 'express').code;
    expect(express).toContain(
      "methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'patch']",
    );
    expect(byStack(fixes, 'nginx').code).toContain('"GET, HEAD, POST, PUT, PATCH, DELETE, patch"');
  });

  it('says how to spell the method, and that some libraries cannot allow it', () => {
    expect(byStack(fixes, 'express').notes.join('\n')).toMatch(
      /sends `patch` in lower case.*write `PATCH`/s,
    );
    for (const stack of ['flask', 'rails', 'spring', 'go'] as const) {
      expect(byStack(fixes, stack).notes.join('\n'), stack).toMatch(/upper-cases allowed methods/);
    }
    // Listing it there is useless, and Spring 5's HttpMethod enum would refuse to start.
    expect(byStack(fixes, 'spring').code).not.toContain('"patch"');
    expect(byStack(fixes, 'spring').code).toContain('"PATCH"');
  });

  it('lists the request headers it sent, lower-case, plus what the server already allowed', () => {
    const express = byStack(fixes, 'express').code;
    expect(express).toContain("allowedHeaders: ['content-type', 'x-legacy', 'x-request-token']");
  });

  it('never turns an existing `*` into an allowed method', () => {
    for (const f of fixes) expect(f.code).not.toMatch(/['"]\*['"]\s*[\],)]/);
  });

  it('exposes the response headers the page probably reads, and only those', () => {
    const express = byStack(fixes, 'express').code;
    expect(express).toContain("exposedHeaders: ['link', 'x-total-count']");
    expect(express).not.toContain('x-runtime');
  });

  it('switches credentials on in every server stack', () => {
    const patterns: Partial<Record<StackId, RegExp>> = {
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
      go: /AllowCredentials: true/,
      nginx: /add_header Access-Control-Allow-Credentials "true" always;/,
      apache: /Header always set Access-Control-Allow-Credentials "true"/,
      caddy: /Access-Control-Allow-Credentials "true"/,
    };
    for (const [stack, re] of Object.entries(patterns)) {
      expect(byStack(fixes, stack as StackId).code, stack).toMatch(re);
    }
  });

  it('scopes to the API prefix where the stack scopes by path', () => {
    expect(byStack(fixes, 'nginx').code).toContain('location /v1/ {');
    expect(byStack(fixes, 'spring').code).toContain('registry.addMapping("/v1/**")');
    expect(byStack(fixes, 'rails').code).toContain('resource "/v1/*"');
    expect(byStack(fixes, 'django').code).toContain('CORS_URLS_REGEX = r"^/v1/.*$"');
    expect(byStack(fixes, 'nextjs').code).toContain("matcher: '/v1/:path*'");
  });

  it('ranks the stack the headers point to first, and says why', () => {
    expect(fixes[0]!.stack).toBe('rails');
    expect(fixes[0]!.detectedBy).toMatch(/X-Runtime.*medium hint/);
  });

  it('leads with the reason-specific note right after "Where"', () => {
    expect(byStack(fixes, 'django').notes[1]).toContain(
      '`patch` is missing from Access-Control-Allow-Methods',
    );
  });
});

describe('generateFixes: without credentials', () => {
  const { exchange, diagnosis } = makeCase({
    reason: 'MissingAllowOriginHeader',
    credentials: 'omit',
  });
  const fixes = generateFixes(exchange, diagnosis);
  it('does not switch credentials on, and still echoes from an allowlist', () => {
    for (const f of fixes) {
      expect(f.code, f.stack).not.toMatch(
        /credentials: true|CREDENTIALS = True|supports_credentials|allow_credentials|AllowCredentials|allowCredentials|Allow-Credentials'?:? "?'?true/,
      );
    }
    expect(byStack(fixes, 'express').code).toContain("origin: ['http://localhost:5173']");
  });
});

describe('generateFixes: reasons shape the notes', () => {
  const notesOf = (spec: Parameters<typeof makeCase>[0], stack: StackId = 'express') => {
    const { exchange, diagnosis } = makeCase(spec);
    return byStack(generateFixes(exchange, diagnosis), stack).notes.join('\n');
  };

  it('MultipleAllowOriginValues: set twice, remove one', () => {
    const notes = notesOf({
      reason: 'MultipleAllowOriginValues',
      failedParameter: 'http://localhost:5173, http://localhost:5173',
    });
    expect(notes).toContain('`http://localhost:5173, http://localhost:5173`');
    expect(notes).toMatch(/set in two places.*remove CORS from the other layer/s);
  });

  it('InvalidAllowCredentials: exactly lower-case true', () => {
    const notes = notesOf({
      reason: 'InvalidAllowCredentials',
      failedParameter: 'True',
      credentials: 'include',
    });
    expect(notes).toMatch(/was `True`; it must be exactly `true`, lower case/);
  });

  it('PreflightInvalidStatus: names the status and the cause', () => {
    const notes = notesOf({
      reason: 'PreflightInvalidStatus',
      method: 'DELETE',
      preflight: {
        status: 401,
        headers: [h('Access-Control-Allow-Origin', 'http://localhost:5173')],
      },
    });
    expect(notes).toMatch(/answered 401\. Auth rejected it/);
    expect(notes).toMatch(/answers OPTIONS with 204/);
  });

  it('PreflightDisallowedRedirect: the kind of redirect and the URL to call', () => {
    const notes = notesOf({
      reason: 'PreflightDisallowedRedirect',
      url: 'http://localhost:8000/api/items',
      method: 'PUT',
      preflight: { status: 301, headers: [h('Location', '/api/items/')] },
    });
    expect(notes).toContain('a trailing-slash redirect');
    expect(notes).toContain('Call `http://localhost:8000/api/items/` directly');
  });

  it('http → https preflight redirect', () => {
    const notes = notesOf({
      reason: 'PreflightDisallowedRedirect',
      url: 'http://api.example.test/x',
      method: 'PUT',
      preflight: { status: 308, headers: [h('Location', 'https://api.example.test/x')] },
    });
    expect(notes).toContain('an http → https redirect');
  });

  it('MissingAllowOriginHeader on a 500: errors need the headers too', () => {
    const notes = notesOf({
      reason: 'MissingAllowOriginHeader',
      response: { status: 500, headers: [] },
    });
    expect(notes).toMatch(/This response is a 500.*skip CORS headers on error responses/s);
  });

  it('WildcardOriginNotAllowed: echo instead of *', () => {
    const notes = notesOf({ reason: 'WildcardOriginNotAllowed', credentials: 'include' });
    expect(notes).toMatch(/`Access-Control-Allow-Origin: \*` never works with credentials/);
  });

  it('HeaderDisallowed on content-type explains the preflight', () => {
    const notes = notesOf({
      reason: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'content-type',
      method: 'POST',
      requestHeaders: [['Content-Type', 'application/json']],
    });
    expect(notes).toMatch(/`content-type` is missing.*application\/json/s);
  });

  it('DisallowedByMode: change the client first', () => {
    expect(notesOf({ reason: 'DisallowedByMode' })).toMatch(/mode: 'cors'/);
  });
});

describe('generateFixes: null origins', () => {
  it('after a cross-origin redirect: avoid the redirect, configure the final server for the real origin', () => {
    const { exchange, diagnosis } = makeCase({
      reason: 'AllowOriginMismatch',
      failedParameter: 'http://localhost:5173',
      url: 'https://cdn.example.test/files/1',
      redirectsFrom: ['https://api.example.test/files/1'],
    });
    const fixes = generateFixes(exchange, diagnosis);
    const express = byStack(fixes, 'express');
    expect(express.code).toContain("origin: ['http://localhost:5173']");
    expect(express.code).not.toMatch(/'null'/);
    expect(express.notes.join('\n')).toMatch(
      /cross-origin redirect.*`Origin: null`.*call `https:\/\/cdn\.example\.test\/files\/1` directly/s,
    );
    expect(byStack(fixes, 'nginx').code).toContain(
      'server { } that serves https://cdn.example.test',
    );
  });

  it('an opaque page origin gets only proxies (serve the page properly), never an allowlist of null', () => {
    const { exchange, diagnosis } = makeCase({ origin: 'null', reason: 'AllowOriginMismatch' });
    const fixes = generateFixes(exchange, diagnosis);
    expect(fixes.map((f) => f.kind)).toEqual(['proxy', 'proxy', 'proxy']);
    expect(fixes[0]!.notes.join('\n')).toMatch(/opaque.*Serve the page from the dev server/s);
    for (const f of fixes) expect(f.code).not.toContain('null');
  });
});

describe('generateFixes: ranking', () => {
  it('ranks every stack exactly once: servers, then the three dev-server proxies', () => {
    expect([...SERVER_ORDER, ...PROXY_ORDER].sort()).toEqual([...ALL_STACKS].sort());
    expect(PROXY_ORDER).toEqual(['vite-proxy', 'webpack-proxy', 'angular-proxy']);
  });

  it('preferStack wins, and keeps its evidence', () => {
    const { exchange, diagnosis } = makeCase({
      reason: 'MissingAllowOriginHeader',
      response: { status: 200, headers: [h('Server', 'nginx/1.25.3')] },
    });
    const fixes = generateFixes(exchange, diagnosis, { preferStack: 'nginx' });
    expect(fixes[0]).toMatchObject({
      stack: 'nginx',
      detectedBy: expect.stringMatching(/preferred.*Server: nginx\/1\.25\.3/),
    });
    expect(generateFixes(exchange, diagnosis, { preferStack: 'flask' })[0]!.stack).toBe('flask');
  });

  it('a Vite page calling a local API gets the Vite proxy first', () => {
    const { exchange, diagnosis } = makeCase({ reason: 'MissingAllowOriginHeader' });
    const fixes = generateFixes(exchange, diagnosis);
    expect(fixes[0]).toMatchObject({ stack: 'vite-proxy', kind: 'proxy' });
    expect(fixes[0]!.detectedBy).toMatch(/localhost:5173.*Vite/);
  });

  it.each([
    ['http://localhost:4200', 'angular-proxy'],
    ['http://127.0.0.1:3000', 'webpack-proxy'],
    ['http://localhost:8080', 'webpack-proxy'],
  ] as const)('%s → %s first', (origin, stack) => {
    const { exchange, diagnosis } = makeCase({
      origin,
      url: 'http://localhost:9000/api/x',
      reason: 'MissingAllowOriginHeader',
    });
    expect(generateFixes(exchange, diagnosis)[0]!.stack).toBe(stack);
  });

  it('detected stacks come before proxies for a remote API, and proxies before the undetected rest', () => {
    const { exchange, diagnosis } = makeCase({
      url: 'https://api.example.test/api/x',
      reason: 'MissingAllowOriginHeader',
      response: { status: 200, headers: [h('X-Powered-By', 'Express')] },
    });
    const order = generateFixes(exchange, diagnosis).map((f) => f.stack);
    expect(order.slice(0, 2)).toEqual(['express', 'nestjs']);
    expect(order.indexOf('vite-proxy')).toBeLessThan(order.indexOf('fastify'));
  });

  it('a production frontend gets proxies last', () => {
    const { exchange, diagnosis } = makeCase({
      origin: 'https://app.example.test',
      url: 'https://api.example.test/api/x',
      reason: 'MissingAllowOriginHeader',
    });
    const order = generateFixes(exchange, diagnosis).map((f) => f.stack);
    expect(order.slice(-3)).toEqual(['vite-proxy', 'webpack-proxy', 'angular-proxy']);
    expect(order[0]).toBe('express');
  });
});

describe('generateFixes: proxies', () => {
  it('mounts the API prefix unchanged when there is one', () => {
    const { exchange, diagnosis } = makeCase({
      reason: 'MissingAllowOriginHeader',
      credentials: 'include',
    });
    const vite = byStack(generateFixes(exchange, diagnosis), 'vite-proxy');
    expect(vite.code).toContain("'/api': {");
    expect(vite.code).toContain("target: 'http://localhost:8080'");
    expect(vite.code).not.toContain('rewrite');
    expect(vite.code).toContain("cookieDomainRewrite: { '*': '' }");
    expect(vite.notes.join('\n')).toMatch(/Call `\/api\/items`.*production still needs/is);
  });

  it('adds and strips an /api prefix when the API has none', () => {
    const { exchange, diagnosis } = makeCase({
      url: 'http://localhost:8080/users/1',
      reason: 'MissingAllowOriginHeader',
    });
    const fixes = generateFixes(exchange, diagnosis);
    expect(byStack(fixes, 'vite-proxy').code).toContain(
      "rewrite: (path) => path.replace(/^\\/api/, '')",
    );
    expect(byStack(fixes, 'webpack-proxy').code).toContain("pathRewrite: { '^/api': '' }");
    expect(JSON.parse(byStack(fixes, 'angular-proxy').code)).toEqual({
      '/api': { target: 'http://localhost:8080', changeOrigin: true, pathRewrite: { '^/api': '' } },
    });
    expect(byStack(fixes, 'vite-proxy').notes.join('\n')).toContain('Call `/api/users/1`');
    // Stripping breaks the API's absolute redirects (measured by the stack suite): every proxy says so.
    for (const id of ['vite-proxy', 'webpack-proxy', 'angular-proxy'] as const) {
      expect(byStack(fixes, id).notes.join('\n')).toMatch(/Redirects: .*without stripping/);
    }
  });

  it('says nothing of redirects when the proxy forwards the path unchanged', () => {
    const { exchange, diagnosis } = makeCase({
      url: 'http://localhost:8080/api/items',
      reason: 'MissingAllowOriginHeader',
    });
    const notes = byStack(generateFixes(exchange, diagnosis), 'webpack-proxy').notes.join('\n');
    expect(notes).not.toContain('Redirects:');
  });

  it('proxy notes do not claim to echo origins', () => {
    const { exchange, diagnosis } = makeCase({
      reason: 'WildcardOriginNotAllowed',
      credentials: 'include',
    });
    const vite = byStack(generateFixes(exchange, diagnosis), 'vite-proxy');
    expect(vite.notes.join('\n')).not.toMatch(/echoes the exact origin/);
    expect(vite.notes[1]).toMatch(/WildcardOriginNotAllowed failure cannot happen in development/);
  });
});
