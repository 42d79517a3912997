import { describe, expect, it } from 'vitest';
import { generateFixes } from '../../../src/fixes/index.ts';
import type { Fix } from '../../../src/fixes/types.ts';
import { h, makeCase, type CaseSpec } from './factory.ts';
import { javaCompileErrors, jsSyntaxErrors, pythonSyntaxErrors, unbalanced } from './syntax.ts';

/** Cases that change the shape of every template: optional lines present and absent. */
const CASES: Record<string, CaseSpec> = {
  minimal: { reason: 'MissingAllowOriginHeader', credentials: 'omit' },
  'credentials, expose, custom headers, lower-case method': {
    reason: 'MethodDisallowedByPreflightResponse',
    method: 'patch',
    credentials: 'include',
    requestHeaders: [
      ['Authorization', 'Bearer x'],
      ['X-Api-Key', 'k'],
      ['X-Trace.Id_2', 't'],
    ],
    response: {
      status: 200,
      headers: [h('Content-Disposition', 'attachment'), h('X-Total-Count', '3')],
    },
  },
  'no API prefix, IPv6 frontend, https API': {
    origin: 'http://[::1]:5173',
    url: 'https://localhost:8443/users/1',
    method: 'DELETE',
    reason: 'PreflightInvalidStatus',
    credentials: 'include',
    preflight: { status: 405, headers: [h('Access-Control-Allow-Origin', 'http://[::1]:5173')] },
  },
  'custom method and an existing allow list': {
    origin: 'https://app.example.test',
    url: 'https://dav.example.test/api/calendars/',
    method: 'PROPFIND',
    reason: 'MethodDisallowedByPreflightResponse',
    preflight: {
      status: 204,
      headers: [
        h('Access-Control-Allow-Methods', 'GET, MKCOL'),
        h('Access-Control-Allow-Headers', 'Depth'),
      ],
    },
  },
};

const all: { name: string; fix: Fix }[] = Object.entries(CASES).flatMap(([name, spec]) => {
  const { exchange, diagnosis } = makeCase(spec);
  return generateFixes(exchange, diagnosis).map((fix) => ({ name, fix }));
});
const ofLanguage = (...languages: string[]) =>
  all.filter((x) => languages.includes(x.fix.language));

describe('snippets are valid in their language', () => {
  it('covers every stack in every case', () => {
    expect(all.length).toBe(Object.keys(CASES).length * 18);
  });

  it('JS and TS parse with TypeScript', () => {
    const snippets = ofLanguage('js', 'ts');
    expect(snippets.length).toBeGreaterThan(20);
    for (const { name, fix } of snippets) {
      expect(
        jsSyntaxErrors(fix.code, fix.language as 'js' | 'ts'),
        `${fix.stack} / ${name}`,
      ).toEqual([]);
    }
  });

  it('the checker itself rejects broken JS', () => {
    expect(jsSyntaxErrors("app.use(cors({ origin: ['a' }));", 'js')).not.toEqual([]);
  });

  it('JSON parses', () => {
    for (const { name, fix } of ofLanguage('json')) {
      expect(() => JSON.parse(fix.code), `${fix.stack} / ${name}`).not.toThrow();
    }
  });

  it('Python parses with ast.parse', () => {
    const snippets = ofLanguage('python');
    const errors = pythonSyntaxErrors([...snippets.map((s) => s.fix.code), 'CORS(app,\n']);
    expect(errors.pop()).not.toBeNull(); // the checker rejects a broken one
    errors.forEach((e, i) =>
      expect(e, `${snippets[i]!.fix.stack} / ${snippets[i]!.name}`).toBeNull(),
    );
  });

  it('Java compiles against the Spring signatures it uses', () => {
    const snippets = ofLanguage('java').map((s) => s.fix.code);
    expect(snippets.length).toBe(Object.keys(CASES).length);
    expect(javaCompileErrors(snippets)).toBe('');
    expect(
      javaCompileErrors(['public class CorsConfig { void f() { registry.addMapping("/x") } }']),
    ).not.toBe('');
  }, 60_000);

  it('Go, C#, Ruby: brackets and strings balance', () => {
    for (const { name, fix } of ofLanguage('go', 'csharp', 'ruby')) {
      const comments = fix.language === 'ruby' ? ['#'] : ['//'];
      expect(unbalanced(fix.code, comments), `${fix.stack} / ${name}`).toBeUndefined();
    }
    expect(unbalanced('c := cors.New(cors.Options{', ['//'])).toBeDefined();
  });

  it('Go: every composite-literal field line ends with a comma, keys are rs/cors fields', () => {
    for (const { fix } of ofLanguage('go')) {
      const body = fix.code.split('cors.Options{')[1]!.split('\t})')[0]!;
      for (const line of body.split('\n').filter((l) => l.trim() !== '')) {
        expect(line).toMatch(
          /^\t\t(AllowedOrigins|AllowedMethods|AllowedHeaders|ExposedHeaders|AllowCredentials|MaxAge): +.+,$/,
        );
      }
    }
  });

  it('C#: statements end with ; and UseCors sits between UseRouting and UseAuthentication', () => {
    for (const { fix } of ofLanguage('csharp')) {
      const code = fix.code;
      expect(code.indexOf('app.UseRouting()')).toBeLessThan(code.indexOf('app.UseCors('));
      expect(code.indexOf('app.UseCors(')).toBeLessThan(code.indexOf('app.UseAuthentication()'));
      expect(code).toMatch(/\.SetPreflightMaxAge\(TimeSpan\.FromSeconds\(600\)\)\);\n\}\);/);
    }
  });

  it('Ruby: every resource option but the last ends with a comma', () => {
    for (const { fix } of ofLanguage('ruby')) {
      const block = fix.code.split(/resource "[^"]+",\n/)[1]!.split('\n  end')[0]!;
      const lines = block.split('\n');
      lines.slice(0, -1).forEach((l) => expect(l).toMatch(/^ {6}[a-z_]+: .+,$/));
      expect(lines.at(-1)).toMatch(/^ {6}max_age: 600$/);
    }
  });

  it('nginx: every directive ends with ; and blocks balance', () => {
    for (const { name, fix } of ofLanguage('nginx')) {
      expect(unbalanced(fix.code, ['#']), name).toBeUndefined();
      for (const line of fix.code.split('\n')) {
        const t = line.trim();
        if (t === '' || t.startsWith('#') || t.endsWith('{') || t === '}') continue;
        expect(t, name).toMatch(/;$/);
      }
      const directives = fix.code.split('\n').filter((l) => /^\s*add_header /.test(l));
      expect(directives.length).toBeGreaterThan(5);
      for (const d of directives) expect(d).toMatch(/ always;$/);
    }
  });

  it('Apache: only known directives, quoted values, env-gated headers', () => {
    for (const { fix } of ofLanguage('apache')) {
      for (const line of fix.code.split('\n')) {
        const t = line.trim();
        if (t === '' || t.startsWith('#')) continue;
        expect(t).toMatch(
          /^(SetEnvIf Origin "[^"]+" CORS_ORIGIN=\$0|Header unset [A-Za-z-]+|Header always set [A-Za-z-]+ "[^"%]*(%\{CORS_ORIGIN\}e)?" env=CORS_ORIGIN|Header always merge Vary Origin|RewriteEngine On|RewriteCond .+|RewriteRule \^ - \[R=204,L\])$/,
        );
      }
    }
  });

  it('Caddy: balanced blocks, quoted header values, a 204 for preflights', () => {
    for (const { fix } of ofLanguage('caddy')) {
      expect(unbalanced(fix.code, ['#'])).toBeUndefined();
      expect(fix.code).toMatch(
        /@cors_preflight \{\n\tmethod OPTIONS\n\theader Access-Control-Request-Method \*\n\}\nrespond @cors_preflight 204/,
      );
      for (const line of fix.code.split('\n').filter((l) => /^\tAccess-Control-/.test(l))) {
        expect(line).toMatch(/^\tAccess-Control-[A-Za-z-]+ "[^"{}]*"$/);
      }
    }
  });
});
