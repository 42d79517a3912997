/** Express with the `cors` package (expressjs/cors). */
import type { FixContext } from '../context.ts';
import { js, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import { importDefault, moduleFormatNote } from './node-module.ts';
import type { StackTemplate } from './template.ts';

/** Options object shared with NestJS, whose `enableCors` passes it to the same package. */
export function corsPackageOptions(ctx: FixContext, indent: string): string {
  const lines = [
    `// An array makes cors echo the request's Origin only when it is listed (and add Vary: Origin).`,
    `origin: ${list([ctx.origin], js)},`,
  ];
  if (ctx.credentials) lines.push('credentials: true,');
  lines.push(`methods: ${list(ctx.methods, js)},`);
  lines.push(`allowedHeaders: ${list(ctx.headers, js)},`);
  if (ctx.exposeHeaders.length > 0) lines.push(`exposedHeaders: ${list(ctx.exposeHeaders, js)},`);
  lines.push(`maxAge: ${ctx.maxAge},`);
  return lines.map((l) => indent + l).join('\n');
}

export const express: StackTemplate = {
  id: 'express',
  title: 'Express (cors middleware)',
  kind: 'server',
  language: 'js',
  vary: 'library',
  moduleFormats: true,
  render(ctx) {
    const code = `// npm install cors
${importDefault(ctx, 'cors', 'cors')}

const corsOptions = {
${corsPackageOptions(ctx, '  ')}
  optionsSuccessStatus: 204,
};

// First middleware of your existing \`app\`: before routers, auth and anything that can end the
// response. It answers every OPTIONS preflight itself (204) and adds the headers to every response,
// error responses included.
app.use(cors(corsOptions));
`;
    return {
      code,
      notes: [
        'Where: in the file that creates your Express app, right after `const app = express()` and before any `app.use(...)` of routers, auth (passport, express-session checks, JWT) or rate limiting.',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' `app.use(cors(...))` first does that: it ends preflights before later middleware runs.',
        "Errors: because the headers are set before your routes run, 404s and errors passed to `next(err)` keep them. Remove any hand-written `res.setHeader('Access-Control-Allow-Origin', …)` so the header is not sent twice.",
        moduleFormatNote(ctx),
        ...methodCaseNote(ctx),
      ],
    };
  },
};
