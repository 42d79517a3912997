import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import type { Exchange, Header, HttpResponse } from '../../../src/cors/types.ts';
import { adviceForExchange, curlForPreflight, generateFixes } from '../../../src/fixes/index.ts';
import type { Fix, StackId } from '../../../src/fixes/types.ts';
import { scenarios } from './scenarios.ts';

const run = (name: keyof typeof scenarios) => {
  const exchange = scenarios[name]!;
  const diagnosis = diagnose(exchange);
  return { exchange, diagnosis, fixes: generateFixes(exchange, diagnosis) };
};
const fix = (fixes: Fix[], stack: StackId) => fixes.find((f) => f.stack === stack)!;
const servers = (fixes: Fix[]) => fixes.filter((f) => f.kind === 'server');

/**
 * What the generated nginx config sends for a request with `origin`: `map` decides the echoed
 * value, the `if ($request_method = OPTIONS)` block answers preflights, the rest decorates
 * proxied responses (whose own CORS headers `proxy_hide_header` removes).
 */
function nginxResponse(
  code: string,
  origin: string,
  preflight: boolean,
  upstream?: HttpResponse,
): HttpResponse {
  const mapped = [...code.matchAll(/^\s+"([^"]+)" \$http_origin;$/gm)].some((m) => m[1] === origin);
  const [, ifBlock = '', rest = ''] =
    code.match(/if \(\$request_method = OPTIONS\) \{([\s\S]*?)\n {4}\}([\s\S]*)$/) ?? [];
  const headers = (block: string): Header[] =>
    [...block.matchAll(/^\s*add_header (\S+) (?:"([^"]*)"|(\S+)) always;$/gm)]
      .map((m) => ({
        name: m[1]!,
        value: (m[2] ?? m[3]!).replace('$cors_origin', mapped ? origin : ''),
      }))
      .filter((x) => x.value !== ''); // nginx sends no header with an empty value
  if (preflight)
    return { status: Number(/return (\d+);/.exec(ifBlock)![1]), headers: headers(ifBlock) };
  const hidden = new Set(
    [...code.matchAll(/proxy_hide_header (\S+);/g)].map((m) => m[1]!.toLowerCase()),
  );
  const kept = (upstream?.headers ?? []).filter((x) => !hidden.has(x.name.toLowerCase()));
  return { status: upstream?.status ?? 200, headers: [...kept, ...headers(rest)] };
}

/** What the generated Apache config sends: SetEnvIf gates every `Header always set`. */
function apacheResponse(
  code: string,
  origin: string,
  preflight: boolean,
  upstream?: HttpResponse,
): HttpResponse {
  const re = new RegExp(/SetEnvIf Origin "([^"]+)"/.exec(code)![1]!);
  const matched = re.test(origin);
  const unset = new Set(
    [...code.matchAll(/^Header unset (\S+)$/gm)].map((m) => m[1]!.toLowerCase()),
  );
  const set: Header[] = matched
    ? [...code.matchAll(/^Header always set (\S+) "([^"]*)" env=CORS_ORIGIN$/gm)].map((m) => ({
        name: m[1]!,
        value: m[2]!.replace('%{CORS_ORIGIN}e', origin),
      }))
    : [];
  if (preflight) return { status: 204, headers: set };
  const kept = (upstream?.headers ?? []).filter((x) => !unset.has(x.name.toLowerCase()));
  return { status: upstream?.status ?? 200, headers: [...kept, ...set] };
}

type Emulate = typeof nginxResponse;

/** The same exchange, replayed against a server configured with the fix. */
function replay(exchange: Exchange, code: string, emulate: Emulate): Exchange {
  return {
    ...exchange,
    legs: exchange.legs.map((leg) => {
      const origin = exchange.initiatorOrigin;
      const out = { ...leg, response: emulate(code, origin, false, leg.response) };
      if (leg.preflight)
        out.preflight = { ...leg.preflight, response: emulate(code, origin, true) };
      return out;
    }),
  };
}

describe('diagnose → generateFixes on recorded exchanges', () => {
  it('nothing for an allowed exchange', () => {
    expect(run('allowed').fixes).toEqual([]);
  });

  it('a 500 without CORS headers from Express: Express first among servers, the 500 explained', () => {
    const { fixes, diagnosis } = run('missingAcao500');
    expect(diagnosis.reason).toBe('MissingAllowOriginHeader');
    expect(servers(fixes)[0]).toMatchObject({
      stack: 'express',
      detectedBy: 'X-Powered-By: Express (strong hint)',
    });
    expect(fix(fixes, 'express').notes.join('\n')).toMatch(/This response is a 500/);
  });

  it('* with credentials on Django runserver: django-cors-headers with credentials and the exact origin', () => {
    const { fixes } = run('wildcardWithCredentials');
    const django = servers(fixes)[0]!;
    expect(django.stack).toBe('django');
    expect(django.code).toContain('CORS_ALLOWED_ORIGINS = ["http://localhost:5173"]');
    expect(django.code).toContain('CORS_ALLOW_CREDENTIALS = True');
  });

  it('ACAO set twice behind nginx: nginx first, told to keep one', () => {
    const { fixes } = run('doubleAcao');
    expect(fixes[0]!.stack).toBe('nginx');
    expect(fixes[0]!.notes.join('\n')).toMatch(/set in two places/);
  });

  it('OPTIONS answered 401 (Spring hints): Spring Security cors() note, auth explained', () => {
    const { fixes } = run('preflight401');
    expect(
      servers(fixes)
        .slice(0, 2)
        .map((f) => f.stack)
        .sort(),
    ).toEqual(['go', 'spring']);
    const notes = fix(fixes, 'spring').notes.join('\n');
    expect(notes).toMatch(/answered 401\. Auth rejected it/);
    expect(notes).toContain('http.cors(Customizer.withDefaults())');
    expect(fix(fixes, 'spring').code).toContain('"authorization"');
  });

  it('lower-case patch on Kestrel: ASP.NET lists `patch` exactly', () => {
    const { fixes } = run('lowercasePatch');
    const aspnet = servers(fixes)[0]!;
    expect(aspnet.stack).toBe('aspnet');
    expect(aspnet.code).toMatch(/\.WithMethods\([^)]*"patch"\)/);
  });

  it('a missing x-api-key on uvicorn: FastAPI first, header listed', () => {
    const { fixes } = run('headerDisallowed');
    expect(fixes[0]!.stack).toBe('fastapi');
    expect(fixes[0]!.code).toContain('allow_headers=["content-type", "x-api-key"]');
  });

  it('preflight redirected to add a slash: call the final URL', () => {
    const { exchange, diagnosis } = run('preflightRedirect');
    expect(adviceForExchange(exchange, diagnosis).join('\n')).toMatch(
      /trailing-slash redirect.*Call `http:\/\/localhost:8000\/api\/items\/` directly/s,
    );
  });

  it('Origin: null after a cross-origin redirect: avoid the redirect, configure the CDN for the real origin', () => {
    const { exchange, diagnosis, fixes } = run('taintedRedirect');
    expect(fix(fixes, 'nginx').code).toContain('server { } that serves https://cdn.example.test');
    expect(fix(fixes, 'nginx').code).toContain('"http://localhost:5173" $http_origin;');
    expect(adviceForExchange(exchange, diagnosis).join('\n')).toMatch(
      /`Origin: null`.*call `https:\/\/cdn\.example\.test\/files\/1` directly/s,
    );
    expect(curlForPreflight(exchange, diagnosis)).toContain("-H 'Origin: null'");
  });

  it('True instead of true (Rails hint): rack-cors with credentials', () => {
    const { fixes } = run('invalidCredentials');
    expect(servers(fixes)[0]!.stack).toBe('rails');
    expect(servers(fixes)[0]!.code).toContain('credentials: true');
  });

  it('curl reproduces the failing preflight', () => {
    const { exchange, diagnosis } = run('preflight401');
    expect(curlForPreflight(exchange, diagnosis)).toBe(
      [
        'curl -i -X OPTIONS http://localhost:8080/api/items/3 \\',
        "  -H 'Origin: http://localhost:5173' \\",
        "  -H 'Access-Control-Request-Method: DELETE' \\",
        "  -H 'Access-Control-Request-Headers: authorization'",
      ].join('\n'),
    );
  });
});

describe('differential: the browser would allow the request once the fix is deployed', () => {
  const fixable = [
    'missingAcao500',
    'wildcardWithCredentials',
    'doubleAcao',
    'preflight401',
    'lowercasePatch',
    'headerDisallowed',
    'invalidCredentials',
  ] as const;
  for (const [stack, emulate] of [
    ['nginx', nginxResponse],
    ['apache', apacheResponse],
  ] as const) {
    it.each(fixable)(`${stack}: %s`, (name) => {
      const { exchange, fixes } = run(name);
      const code = fix(fixes, stack).code;
      const after = diagnose(replay(exchange, code, emulate));
      expect(after.verdict, `${after.reason} ${after.summary}`).toBe('allowed');
      // …and another origin still gets nothing.
      const other = { ...exchange, initiatorOrigin: 'https://evil.example' };
      expect(diagnose(replay(other, code, emulate)).verdict).toBe('blocked');
    });
  }
});
