// Next.js middleware (as generated, and as proxy.ts on Next.js 16), from test/stacks/nextjs.
import { describe, expect, it } from 'vitest';
import { nextStacks, nextTypeErrors, placed, writeNextApp } from './apps/nextjs.ts';
import { FAILURE_CLASSES } from './harness/cases.ts';
import { overrideSnippet, proveStack, snippetFor, useStackBrowser } from './harness/prove.ts';
import { removeWorkDir, workDir } from './harness/stack.ts';

const env = useStackBrowser();
const [asGenerated, asProxy] = nextStacks();
for (const s of [asGenerated!, asProxy!]) proveStack(s, env);

describe('next.js middleware types', () => {
  it('every generated middleware type-checks against Next.js’s types (strict), in both files', () => {
    const page = 'http://127.0.0.1:5173';
    const api = 'http://127.0.0.1:8080';
    const snippets = new Set([
      ...FAILURE_CLASSES.map((c) => snippetFor(asGenerated!, c, page, api)),
      overrideSnippet(asGenerated!, page, api),
    ]);
    expect(snippets.size).toBeGreaterThan(1);
    // One project, one tsc run: each snippet in both its files, checked like the project's own.
    const files: Record<string, string> = {};
    [...snippets].forEach((snippet, i) => {
      files[`cors/${i}/middleware.ts`] = placed(snippet, 'middleware.ts');
      files[`cors/${i}/proxy.ts`] = placed(snippet, 'proxy.ts');
    });
    const dir = workDir('nextjs-types', 'nextjs');
    try {
      writeNextApp(dir, '', 'proxy.ts', files);
      expect(nextTypeErrors(dir), Object.values(files).join('\n')).toBe('');
      // The check sees these files: a type error in one of them fails it.
      writeNextApp(dir, '', 'proxy.ts', {
        'cors/0/proxy.ts': `${files['cors/0/proxy.ts']!}\nexport const status: number = '204';\n`,
      });
      expect(nextTypeErrors(dir)).toMatch(/cors\/0\/proxy\.ts.*error TS/);
    } finally {
      removeWorkDir(dir);
    }
  });
});
