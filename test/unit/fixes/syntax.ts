/**
 * Real syntax checks for snippets: TypeScript's own parser for JS/TS, `JSON.parse`, CPython's
 * `ast.parse` (one process for a whole batch), `javac` against minimal Spring stubs, and a
 * string- and comment-aware bracket balance for the languages with no parser on this machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Syntax errors reported by TypeScript's parser (no type checking). `parseDiagnostics` is what
 * `transpileModule` reports as syntactic errors, without the cost of emitting.
 */
export function jsSyntaxErrors(code: string, language: 'js' | 'ts'): string[] {
  const file = ts.createSourceFile(
    language === 'ts' ? 'snippet.ts' : 'snippet.mjs',
    code,
    ts.ScriptTarget.Latest,
    false,
    language === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS,
  ) as ts.SourceFile & { parseDiagnostics?: ts.Diagnostic[] };
  const diagnostics =
    file.parseDiagnostics ??
    ts.transpileModule(code, { reportDiagnostics: true, fileName: file.fileName }).diagnostics ??
    [];
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const PY_CHECK = `
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    try:
        ast.parse(src)
        out.append(None)
    except SyntaxError as e:
        out.append(f"{e.msg} at line {e.lineno}")
print(json.dumps(out))
`;

/** One CPython process parses every snippet; returns one error (or null) per snippet. */
export function pythonSyntaxErrors(snippets: string[]): (string | null)[] {
  if (snippets.length === 0) return [];
  const stdout = execFileSync('python3', ['-c', PY_CHECK], {
    input: JSON.stringify(snippets),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(stdout) as (string | null)[];
}

const SPRING_STUBS: Record<string, string> = {
  'org/springframework/context/annotation/Configuration.java':
    'package org.springframework.context.annotation; public @interface Configuration {}',
  'org/springframework/web/servlet/config/annotation/WebMvcConfigurer.java':
    'package org.springframework.web.servlet.config.annotation; public interface WebMvcConfigurer { default void addCorsMappings(CorsRegistry registry) {} }',
  'org/springframework/web/servlet/config/annotation/CorsRegistry.java':
    'package org.springframework.web.servlet.config.annotation; public class CorsRegistry { public CorsRegistration addMapping(String pathPattern) { return new CorsRegistration(); } }',
  'org/springframework/web/servlet/config/annotation/CorsRegistration.java': `package org.springframework.web.servlet.config.annotation;
public class CorsRegistration {
  public CorsRegistration allowedOrigins(String... v) { return this; }
  public CorsRegistration allowedMethods(String... v) { return this; }
  public CorsRegistration allowedHeaders(String... v) { return this; }
  public CorsRegistration exposedHeaders(String... v) { return this; }
  public CorsRegistration allowCredentials(boolean v) { return this; }
  public CorsRegistration maxAge(long v) { return this; }
}`,
};

/**
 * Compiles each Java snippet (in its own package) against stubs with the real Spring signatures
 * used. Returns javac's output, empty when everything compiled.
 */
export function javaCompileErrors(snippets: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-java-'));
  try {
    const files: string[] = [];
    for (const [path, src] of Object.entries(SPRING_STUBS)) {
      const file = join(dir, path);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, src);
      files.push(file);
    }
    snippets.forEach((src, i) => {
      mkdirSync(join(dir, `p${i}`), { recursive: true });
      const file = join(dir, `p${i}`, 'CorsConfig.java');
      writeFileSync(file, `package p${i};\n${src}`);
      files.push(file);
    });
    try {
      execFileSync('javac', ['-d', join(dir, 'out'), ...files], {
        encoding: 'utf8',
        stdio: 'pipe',
        timeout: 60_000,
      });
      return '';
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}` || String(error);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Brackets balance outside strings and comments. `lineComment` starts a comment to end of line;
 * strings are `"…"` with backslash escapes (and `'…'` when `singleQuotes`).
 */
export function unbalanced(
  code: string,
  lineComment: string[],
  singleQuotes = false,
): string | undefined {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (lineComment.some((m) => code.startsWith(m, i))) {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || (singleQuotes && c === "'")) {
      i++;
      while (i < code.length && code[i] !== c) {
        if (code[i] === '\\') i++;
        if (code[i] === '\n') return `unterminated string at ${i}`;
        i++;
      }
      if (i >= code.length) return 'unterminated string';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return `unexpected ${c} at ${i}`;
    }
  }
  return stack.length > 0 ? `unclosed ${stack.join('')}` : undefined;
}
