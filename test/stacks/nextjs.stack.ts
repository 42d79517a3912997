// Next.js middleware (as generated, and as proxy.ts on Next.js 16), from test/stacks/nextjs.
import { describe, expect, it } from 'vitest';
import {
  nextStacks,
  nextTypeErrors,
  placed,
  startNextProduction,
  writeNextApp,
} from './apps/nextjs.ts';
import { fetchFromEach } from './harness/browser.ts';
import { FAILURE_CLASSES } from './harness/cases.ts';
import { overrideSnippet, proveStack, snippetFor, useStackBrowser } from './harness/prove.ts';
import { freePort } from './harness/processes.ts';
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

describe('next.js production (next build, next start)', () => {
  it('the config made from an override lets every class through from the allowed page, only there', async () => {
    const { allowed, other } = env.pages();
    const port = await freePort();
    const code = overrideSnippet(asProxy!, allowed, `http://127.0.0.1:${port}`);
    const dir = workDir('nextjs-production', 'nextjs');
    try {
      const app = await startNextProduction(code, port, dir);
      try {
        const [fromAllowed, fromOther] = await fetchFromEach(
          env.browser(),
          [allowed, other],
          app.origin,
          FAILURE_CLASSES.map((c) => c.request),
        );
        fromAllowed!.forEach((r, i) => {
          const c = FAILURE_CLASSES[i]!;
          const why = `${c.name}: ${r.error ?? ''}\n${app.output()}`;
          expect(r.ok, why).toBe(true);
          expect(r.status, why).toBe(200);
          if (c.request.reads) expect(r.read, why).toBe('3');
        });
        fromOther!.forEach((r, i) => expect(r.ok, FAILURE_CLASSES[i]!.name).toBe(false));
      } finally {
        await app.stop();
      }
    } finally {
      removeWorkDir(dir);
    }
  });
});
