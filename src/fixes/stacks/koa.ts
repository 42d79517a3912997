/** Koa with @koa/cors. */
import { js, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import { importDefault, moduleFormatNote } from './node-module.ts';
import type { StackTemplate } from './template.ts';

export const koa: StackTemplate = {
  id: 'koa',
  title: 'Koa (@koa/cors)',
  kind: 'server',
  language: 'js',
  vary: 'library',
  moduleFormats: true,
  render(ctx) {
    const code = `// npm install @koa/cors
${importDefault(ctx, 'cors', '@koa/cors')}

const allowedOrigins = ${list([ctx.origin], js)};

// First middleware of your existing \`app\`: before routers and auth.
app.use(
  cors({
    // Echo the Origin only when it is listed; an empty string means "no CORS headers".
    // @koa/cors always adds Vary: Origin.
    origin: (ctx) => (allowedOrigins.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
${ctx.credentials ? '    credentials: true,\n' : ''}    allowMethods: ${list(ctx.methods, js)},
    allowHeaders: ${list(ctx.headers, js)},
${ctx.exposeHeaders.length > 0 ? `    exposeHeaders: ${list(ctx.exposeHeaders, js)},\n` : ''}    maxAge: ${ctx.maxAge},
    // Keep the CORS headers when a later middleware throws, so the browser shows the real error.
    keepHeadersOnError: true,
  }),
);
`;
    return {
      code,
      notes: [
        'Where: where you create the Koa app, as the first `app.use(...)`, before the router and any auth middleware (koa-jwt, koa-passport).',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' @koa/cors answers preflights with 204 without calling the next middleware.',
        'Errors: `keepHeadersOnError: true` copies the CORS headers onto error responses thrown downstream.',
        moduleFormatNote(ctx),
        ...methodCaseNote(ctx),
      ],
    };
  },
};
