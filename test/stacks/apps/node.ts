/** Express, Fastify and Koa apps, in both module systems, with the generated snippet pasted in. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleFormat } from '../../../src/fixes/index.ts';
import { startProcess } from '../harness/processes.ts';
import { packageVersion, type StackUnderTest } from '../harness/stack.ts';

/** `import x from 'p'` or `const x = require('p')`. */
function load(format: ModuleFormat, binding: string, pkg: string): string {
  return format === 'cjs'
    ? `const ${binding} = require('${pkg}');`
    : `import ${binding} from '${pkg}';`;
}

/** Each app: the routes every stack serves, and the place the snippet goes (see the fix's notes). */
const APPS = {
  express: (f: ModuleFormat, snippet: string, port: number) => `${load(f, 'express', 'express')}
const app = express();
${snippet}
app.get('/api/items', (req, res) => res.set('X-Total-Count', '3').json({ items: [1, 2, 3] }));
for (const m of ['put', 'patch', 'post']) app[m]('/api/items', (req, res) => res.json({ ok: true }));
app.get('/api/old', (req, res) => res.redirect(302, '/api/items'));
app.listen(${port}, '127.0.0.1');
`,
  fastify: (f: ModuleFormat, snippet: string, port: number) => `${load(f, 'Fastify', 'fastify')}
const fastify = Fastify();
${snippet}
fastify.get('/api/items', async (req, reply) => {
  reply.header('X-Total-Count', '3');
  return { items: [1, 2, 3] };
});
for (const m of ['put', 'patch', 'post']) fastify[m]('/api/items', async () => ({ ok: true }));
fastify.get('/api/old', (req, reply) => reply.redirect('/api/items', 302));
fastify.listen({ port: ${port}, host: '127.0.0.1' });
`,
  koa: (f: ModuleFormat, snippet: string, port: number) => `${load(f, 'Koa', 'koa')}
const app = new Koa();
${snippet}
// Plain routing, no @koa/router: without allowedMethods() nothing answers OPTIONS (404).
app.use(async (ctx) => {
  if (ctx.path === '/api/items' && ctx.method === 'GET') {
    ctx.set('X-Total-Count', '3');
    ctx.body = { items: [1, 2, 3] };
  } else if (ctx.path === '/api/items' && ['PUT', 'PATCH', 'POST'].includes(ctx.method)) {
    ctx.body = { ok: true };
  } else if (ctx.path === '/api/old' && ctx.method === 'GET') {
    ctx.status = 302;
    ctx.redirect('/api/items');
  }
});
app.listen(${port}, '127.0.0.1');
`,
};

const PACKAGES = {
  express: ['express', 'cors'],
  fastify: ['fastify', '@fastify/cors'],
  koa: ['koa', '@koa/cors'],
};

export function nodeStacks(): StackUnderTest[] {
  const out: StackUnderTest[] = [];
  for (const stack of ['express', 'fastify', 'koa'] as const) {
    for (const format of ['esm', 'cjs'] as const) {
      out.push({
        stack,
        label: `${stack} (${format === 'esm' ? 'ES module' : 'CommonJS'})`,
        moduleFormat: format,
        versions: () => PACKAGES[stack].map(packageVersion).join(', '),
        start: async (snippet, port, dir) => {
          const file = join(dir, format === 'esm' ? 'app.mjs' : 'app.cjs');
          writeFileSync(file, APPS[stack](format, snippet, port));
          return startProcess({ cmd: process.execPath, args: [file], cwd: dir, port });
        },
      });
    }
  }
  return out;
}
