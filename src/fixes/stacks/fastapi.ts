/** FastAPI (Starlette's CORSMiddleware). */
import { dq, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

export const fastapi: StackTemplate = {
  id: 'fastapi',
  title: 'FastAPI (CORSMiddleware)',
  kind: 'server',
  language: 'python',
  vary: 'library',
  render(ctx) {
    const args = [
      '    CORSMiddleware,',
      `    allow_origins=${list([ctx.origin], dq)},`,
      ...(ctx.credentials ? ['    allow_credentials=True,'] : []),
      `    allow_methods=${list(ctx.methods, dq)},`,
      `    allow_headers=${list(ctx.headers, dq)},`,
      ...(ctx.exposeHeaders.length > 0
        ? [`    expose_headers=${list(ctx.exposeHeaders, dq)},`]
        : []),
      `    max_age=${ctx.maxAge},`,
    ];
    const code = `# main.py, after \`app = FastAPI()\`
from fastapi.middleware.cors import CORSMiddleware

# Add it last: the middleware added last runs first, so preflights are answered before the others.
app.add_middleware(
${args.join('\n')}
)
`;
    return {
      code,
      notes: [
        'Where: the module that creates `app = FastAPI()`, after every other `app.add_middleware(...)` call (Starlette runs the last-added middleware first).',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' CORSMiddleware answers preflights (200) itself; dependencies such as `Depends(get_current_user)` never see them.',
        'Vary: CORSMiddleware adds `Vary: Origin` when origins are listed explicitly.',
        "Errors: HTTPException responses (404, 401, 422) pass through CORSMiddleware and keep the headers, but unhandled exceptions become 500s in Starlette's outermost ServerErrorMiddleware, outside CORS: the browser then reports a CORS error for what is really a server crash. Check the server log when that happens.",
        ...methodCaseNote(ctx),
      ],
    };
  },
};
