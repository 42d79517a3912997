/**
 * Next.js (App Router). Middleware is the one place that sees every route, OPTIONS included, and
 * can echo the origin; `next.config` headers() are static and route handlers only cover their route.
 */
import { headerList, js, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

export const nextjs: StackTemplate = {
  id: 'nextjs',
  title: 'Next.js (middleware for route handlers)',
  kind: 'server',
  language: 'ts',
  vary: 'snippet',
  render(ctx) {
    const matcher = ctx.apiPrefix ? `${ctx.apiPrefix}/:path*` : '/:path*';
    const preflight = [
      `  'Access-Control-Allow-Methods': ${js(headerList(ctx.methods))},`,
      `  'Access-Control-Allow-Headers': ${js(headerList(ctx.headers))},`,
      `  'Access-Control-Max-Age': ${js(String(ctx.maxAge))},`,
    ];
    const always = [
      ...(ctx.credentials ? [`  'Access-Control-Allow-Credentials': 'true',`] : []),
      ...(ctx.exposeHeaders.length > 0
        ? [`  'Access-Control-Expose-Headers': ${js(headerList(ctx.exposeHeaders))},`]
        : []),
    ];
    const code = `// middleware.ts at the project root (Next.js 16: proxy.ts, and export \`proxy\` instead of \`middleware\`)
import { NextResponse, type NextRequest } from 'next/server';

const allowedOrigins = ${list([ctx.origin], js)};

const preflightHeaders: Record<string, string> = {
${preflight.join('\n')}
};

const responseHeaders: Record<string, string> = {
${always.join('\n')}
};

export function middleware(request: NextRequest) {
  const origin = request.headers.get('origin') ?? '';
  const allowed = allowedOrigins.includes(origin);

  // Preflight: answer here with 204, before route handlers or auth see it.
  if (request.method === 'OPTIONS') {
    const headers = new Headers({ Vary: 'Origin' });
    if (allowed) {
      headers.set('Access-Control-Allow-Origin', origin);
      for (const [name, value] of Object.entries({ ...responseHeaders, ...preflightHeaders })) {
        headers.set(name, value);
      }
    }
    return new NextResponse(null, { status: 204, headers });
  }

  const response = NextResponse.next();
  // The echoed origin depends on the request's Origin: tell caches so.
  response.headers.append('Vary', 'Origin');
  if (allowed) {
    response.headers.set('Access-Control-Allow-Origin', origin);
    for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  }
  return response;
}

export const config = { matcher: ${js(matcher)} };
`;
    return {
      code,
      notes: [
        `Where: \`middleware.ts\` next to \`app/\` (or in \`src/\`); on Next.js 16 the file is \`proxy.ts\` and the function is named \`proxy\`. The matcher limits it to ${matcher}.`,
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' Middleware runs before route handlers, so OPTIONS never reaches auth code. If you already have a middleware, merge this into it and run the CORS part first.',
        'Vary: Next.js does not add `Vary: Origin`; the snippet does, because the echoed origin differs per request.',
        "Errors: headers set on `NextResponse.next()` are added to the route's response; if a failing call still shows a CORS error, look at its status in the Network panel, the error may be the real problem. Remove any `Access-Control-*` entries from `next.config` `headers()` so they are not sent twice.",
        'Alternative for a single route: export `OPTIONS` from its `route.ts` returning `new Response(null, { status: 204, headers })`, and add the same headers to every response that handler returns.',
        ...methodCaseNote(ctx),
      ],
    };
  },
};
