/**
 * Next.js (App Router) from test/stacks/nextjs (npm ci --prefix test/stacks/nextjs, run by
 * .ci/run). The app is route handlers only; the generated middleware is pasted as its note says:
 * verbatim as `middleware.ts`, and as Next.js 16 names it, `proxy.ts` exporting `proxy`. Run by
 * `next dev` (Turbopack): no production build per snippet, which would cost minutes on 2 cores.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startProcess, type Running } from '../harness/processes.ts';
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
  // create-next-app's, strict: the snippet must type-check in a project as it is made.
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2017',
      lib: ['dom', 'dom.iterable', 'esnext'],
      allowJs: true,
      skipLibCheck: true,
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: 'react-jsx',
      incremental: true,
      plugins: [{ name: 'next' }],
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
    exclude: ['node_modules'],
  }),
  // Turbopack only reads files under its root: the app is in .tmp/, its node_modules a link to
  // test/stacks/nextjs, so the root is the repository.
  'next.config.mjs': `export default { turbopack: { root: ${JSON.stringify(REPO_ROOT)} } };\n`,
};

type Placement = 'middleware.ts' | 'proxy.ts';

/** The snippet as it goes into `placement`: Next.js 16's `proxy.ts` exports `proxy`. */
export function placed(snippet: string, placement: Placement): string {
  const renamed = snippet.replace('export function middleware(', 'export function proxy(');
  if (renamed === snippet) throw new Error('the Next.js snippet exports no `middleware`');
  return placement === 'proxy.ts' ? renamed : snippet;
}

/** The app's files, with `snippet` pasted at `placement` ('' = none) and any `extra` files. */
export function writeNextApp(
  dir: string,
  snippet: string,
  placement: Placement,
  extra: Record<string, string> = {},
): void {
  const files = { ...ROUTES, ...extra };
  if (snippet) files[placement] = placed(snippet, placement);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * TypeScript's errors for the app as laid out (strict, Next.js's own types): `next dev` strips
 * types without checking them, `next build` would check them at minutes per snippet.
 */
export function nextTypeErrors(dir: string): string {
  const tsc = homeBin('nextjs', 'typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { encoding: 'utf8' });
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}` || `tsc exited ${run.status}`;
}

function nextApp(placement: Placement): StackUnderTest {
  return {
    stack: 'nextjs',
    label: `next.js (${placement === 'proxy.ts' ? 'proxy.ts, as the note says for Next.js 16' : 'middleware.ts, as generated'})`,
    home: 'nextjs',
    versions: () => homeVersions('nextjs', ['next', 'react']),
    start: (snippet, port, dir) => {
      writeNextApp(dir, snippet, placement);
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

const execFileAsync = promisify(execFile);

/**
 * The production server: `next build` (which also type-checks the app) then `next start`. Once,
 * for the override's config; every class's snippet runs in `next dev`.
 */
export async function startNextProduction(
  snippet: string,
  port: number,
  dir: string,
): Promise<Running> {
  writeNextApp(dir, snippet, 'proxy.ts');
  const next = homeBin('nextjs', 'next/dist/bin/next');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  try {
    await execFileAsync(process.execPath, [next, 'build'], { cwd: dir, env });
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    throw new Error(`next build failed:\n${stdout}${stderr}`, { cause: e });
  }
  return startProcess({
    cmd: process.execPath,
    args: [next, 'start', '-H', '127.0.0.1', '-p', `${port}`],
    cwd: dir,
    env: { NEXT_TELEMETRY_DISABLED: '1' },
    port,
    readyPath: '/api/old',
  });
}

export const nextStacks = (): StackUnderTest[] => [nextApp('middleware.ts'), nextApp('proxy.ts')];
