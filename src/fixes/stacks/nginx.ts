/** nginx in front of the API: `map` allowlist echo, `always`, OPTIONS answered with 204. */
import { headerList } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import { CORS_RESPONSE_HEADERS, type StackTemplate } from './template.ts';

export const nginx: StackTemplate = {
  id: 'nginx',
  title: 'nginx (add_header … always)',
  kind: 'server',
  language: 'nginx',
  vary: 'snippet',
  render(ctx) {
    const location = ctx.apiPrefix ? `${ctx.apiPrefix}/` : '/';
    const credentials = ctx.credentials
      ? ['add_header Access-Control-Allow-Credentials "true" always;']
      : [];
    const preflight = [
      'add_header Access-Control-Allow-Origin $cors_origin always;',
      ...credentials,
      `add_header Access-Control-Allow-Methods "${headerList(ctx.methods)}" always;`,
      `add_header Access-Control-Allow-Headers "${headerList(ctx.headers)}" always;`,
      `add_header Access-Control-Max-Age ${ctx.maxAge} always;`,
      'add_header Vary Origin always;',
      'return 204;',
    ];
    const actual = [
      'add_header Access-Control-Allow-Origin $cors_origin always;',
      ...credentials,
      ...(ctx.exposeHeaders.length > 0
        ? [`add_header Access-Control-Expose-Headers "${headerList(ctx.exposeHeaders)}" always;`]
        : []),
      'add_header Vary Origin always;',
    ];
    const code = `# In the http { } block (outside any server { }): echo the Origin only when it is allow-listed.
# An empty value makes add_header send nothing, so other origins get no CORS headers.
map $http_origin $cors_origin {
    default "";
    "${ctx.origin}" $http_origin;
}

# In the server { } that serves ${ctx.target.origin}:
location ${location} {
    # nginx is the only source of CORS headers: hide the app's, so none is sent twice.
${CORS_RESPONSE_HEADERS.map((h) => `    proxy_hide_header ${h};`).join('\n')}

    # Preflight: answer here with 204, before auth_request/auth_basic or the app can refuse or redirect it.
    if ($request_method = OPTIONS) {
${preflight.map((l) => `        ${l}`).join('\n')}
    }

    # "always" keeps the headers on 4xx/5xx responses too.
${actual.map((l) => `    ${l}`).join('\n')}

    # ... your existing directives for this location (proxy_pass, root, try_files) stay here.
}
`;
    return {
      code,
      notes: [
        `Where: the \`map\` goes in the \`http { }\` context (e.g. /etc/nginx/conf.d/cors.conf); the \`location\` block replaces or merges with your existing \`location ${location}\` in the \`server { }\` for ${ctx.target.origin}. Then \`nginx -t && nginx -s reload\`.`,
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' The `if` returns 204 before `proxy_pass`, so the upstream and its auth never see preflights. (`return` inside `if` is one of the safe uses of `if`.)',
        "Never add_header twice: `add_header` in a block replaces every add_header inherited from the server/http level, and a header set both here and by the app reaches the browser twice (`MultipleAllowOriginValues`). The `proxy_hide_header` lines drop the app's copies; alternatively remove CORS from the app and keep it only here.",
        'Without `always`, nginx adds these headers only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses, so errors would look like CORS failures.',
        ...methodCaseNote(ctx),
      ],
    };
  },
};
