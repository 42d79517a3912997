/**
 * Next.js (App Router) from test/stacks/nextjs (npm ci --prefix test/stacks/nextjs, run by
 * .ci/run). The app is route handlers only; the generated middleware is pasted as its note says:
 * verbatim as `middleware.ts`, and as Next.js 16 names it, `proxy.ts` exporting `proxy`. Run by
 * `next dev` (Turbopack): no production build per snippet, which would cost minutes on 2 cores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../harness/processes.ts';
import { homeBin, homeVersions, REPO_ROOT, type StackUnderTest } from '../harness/stack.ts';

const ROUTES: Record<string, string> = {
  'app/api/items/route.ts': `const json = (body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { headers });

export function GET() {
  return json({ items: [1, 2, 3] }, { 'X-Total-Count': '3' });
}
export function PUT() {
  return json({ ok: true });
}
export function PATCH() {
  return json({ ok: true });
}
export function POST() {
  return json({ ok: true });
}
`,
  // A relative Location, like the other apps: Next's request.url says localhost, not 127.0.0.1.
  'app/api/old/route.ts': `export function GET() {
  return new Response(null, { status: 302, headers: { Location: '/api/items' } });
}
`,
  'app/layout.tsx': `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html>
      <body>{children}</body>
    </html>
  );
}
`,
  'package.json': '{ "private": true }\n',
  // Turbopack only reads files under its root: the app is in .tmp/, its node_modules a link to
  // test/stacks/nextjs, so the root is the repository.
  'next.config.mjs': `export default { turbopack: { root: ${JSON.stringify(REPO_ROOT)} } };\n`,
};

type Placement = 'middleware.ts' | 'proxy.ts';

function nextApp(placement: Placement): StackUnderTest {
  return {
    stack: 'nextjs',
    label: `next.js (${placement === 'proxy.ts' ? 'proxy.ts, as the note says for Next.js 16' : 'middleware.ts, as generated'})`,
    home: 'nextjs',
    versions: () => homeVersions('nextjs', ['next', 'react']),
    start: (snippet, port, dir) => {
      const files = { ...ROUTES };
      if (snippet) {
        const renamed = snippet.replace('export function middleware(', 'export function proxy(');
        if (renamed === snippet) throw new Error('the Next.js snippet exports no `middleware`');
        files[placement] = placement === 'proxy.ts' ? renamed : snippet;
      }
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return startProcess(
        {
          cmd: process.execPath,
          args: [
            homeBin('nextjs', 'next/dist/bin/next'),
            'dev',
            '-H',
            '127.0.0.1',
            '-p',
            `${port}`,
          ],
          cwd: dir,
          env: { NEXT_TELEMETRY_DISABLED: '1' },
          port,
          // Compiles the routes (and the middleware) before the browser asks.
          readyPath: '/api/old',
        },
        120_000,
      );
    },
  };
}

export const nextStacks = (): StackUnderTest[] => [nextApp('middleware.ts'), nextApp('proxy.ts')];
