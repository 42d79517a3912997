/** Fastify with @fastify/cors. */
import { js, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import { importDefault, moduleFormatNote } from './node-module.ts';
import type { StackTemplate } from './template.ts';

export const fastify: StackTemplate = {
  id: 'fastify',
  title: 'Fastify (@fastify/cors)',
  kind: 'server',
  language: 'js',
  vary: 'library',
  moduleFormats: true,
  render(ctx) {
    const options = [
      `  // An array echoes the request's Origin only when it is listed; @fastify/cors adds Vary: Origin.`,
      `  origin: ${list([ctx.origin], js)},`,
      ...(ctx.credentials ? ['  credentials: true,'] : []),
      `  methods: ${list(ctx.methods, js)},`,
      `  allowedHeaders: ${list(ctx.headers, js)},`,
      ...(ctx.exposeHeaders.length > 0
        ? [`  exposedHeaders: ${list(ctx.exposeHeaders, js)},`]
        : []),
      `  maxAge: ${ctx.maxAge},`,
      `  // Answer preflights in the onRequest hook, before preHandler auth hooks run.`,
      `  hook: 'onRequest',`,
    ].join('\n');
    // CommonJS has no top-level await: Fastify queues the plugin and listen()/ready() wait for it.
    const register =
      ctx.moduleFormat === 'cjs'
        ? '// Register on your existing `fastify` instance before your routes and auth plugins;\n// `fastify.listen()` waits for it to load.\nfastify.register(cors, {'
        : '// Register on your existing `fastify` instance before your routes and auth plugins.\nawait fastify.register(cors, {';
    const code = `// npm install @fastify/cors
${importDefault(ctx, 'cors', '@fastify/cors')}

${register}
${options}
});
`;
    return {
      code,
      notes: [
        'Where: where you create the Fastify instance, before registering routes and before auth plugins or `onRequest` hooks that can reject a request.',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH + ' @fastify/cors replies 204 to preflights from its onRequest hook.',
        "Errors: the headers are set in onRequest, so Fastify's 404 handler and error handler responses keep them.",
        moduleFormatNote(ctx),
        ...methodCaseNote(ctx),
      ],
    };
  },
};
