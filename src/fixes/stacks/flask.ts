/** Flask with flask-cors. */
import { dq, list } from '../quote.ts';
import {
  credentialsNote,
  methodCaseNote,
  PREFLIGHT_BEFORE_AUTH,
  upperCaseOnlyMethods,
} from './notes.ts';
import type { StackTemplate } from './template.ts';

export const flask: StackTemplate = {
  id: 'flask',
  title: 'Flask (flask-cors)',
  kind: 'server',
  language: 'python',
  // flask-cors only adds Vary: Origin when several origins (or a regex) are configured.
  vary: 'snippet',
  upperCasesMethods: true,
  render(ctx) {
    const resource = ctx.apiPrefix ? `${ctx.apiPrefix}/*` : '/*';
    const args = [
      `    resources={r${dq(resource)}: {"origins": ${list([ctx.origin], dq)}}},`,
      ...(ctx.credentials ? ['    supports_credentials=True,'] : []),
      `    methods=${list(upperCaseOnlyMethods(ctx), dq)},`,
      `    allow_headers=${list(ctx.headers, dq)},`,
      ...(ctx.exposeHeaders.length > 0
        ? [`    expose_headers=${list(ctx.exposeHeaders, dq)},`]
        : []),
      `    max_age=${ctx.maxAge},`,
    ];
    const code = `# pip install flask-cors -- right after \`app = Flask(__name__)\`
from flask_cors import CORS

CORS(
    app,
${args.join('\n')}
)


@app.after_request
def vary_on_origin(response):
    # flask-cors adds Vary: Origin only when several origins are configured; the echoed
    # origin still varies per request, so caches must know.
    response.vary.add("Origin")
    return response
`;
    return {
      code,
      notes: [
        'Where: the module that creates `app = Flask(__name__)` (or your app factory, after creating the app and before registering blueprints).',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' Flask answers OPTIONS automatically (200) and flask-cors adds the headers; keep `@login_required`-style checks from rejecting OPTIONS.',
        'Errors: flask-cors also adds its headers to responses produced by error handlers (its `intercept_exceptions` default).',
        ...methodCaseNote(ctx, true),
      ],
    };
  },
};
