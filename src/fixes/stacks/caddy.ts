/** Caddy: a matcher on the allowed Origin, deferred `header`, `@preflight` answered with 204. */
import { headerList } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

export const caddy: StackTemplate = {
  id: 'caddy',
  title: 'Caddy (header + @options respond 204)',
  kind: 'server',
  language: 'caddy',
  vary: 'snippet',
  render(ctx) {
    const fields = [
      `Access-Control-Allow-Origin "${ctx.origin}"`,
      ...(ctx.credentials ? ['Access-Control-Allow-Credentials "true"'] : []),
      `Access-Control-Allow-Methods "${headerList(ctx.methods)}"`,
      `Access-Control-Allow-Headers "${headerList(ctx.headers)}"`,
      ...(ctx.exposeHeaders.length > 0
        ? [`Access-Control-Expose-Headers "${headerList(ctx.exposeHeaders)}"`]
        : []),
      `Access-Control-Max-Age "${ctx.maxAge}"`,
    ];
    const code = `# Inside the site block that serves ${ctx.target.origin} (Caddyfile).
# Requests from the allowed origin: the value is that exact origin, i.e. an echo of Origin.
@cors_origin header Origin "${ctx.origin}"
header @cors_origin {
\t${fields.join('\n\t')}
\t# Applied when the response is written: replaces any copy the upstream app sent.
\tdefer
}
# The response depends on Origin, whichever origin asked.
header +Vary "Origin"

# Preflight: answer with 204 before basic_auth or the upstream can refuse it.
@cors_preflight {
\tmethod OPTIONS
\theader Access-Control-Request-Method *
}
respond @cors_preflight 204
`;
    return {
      code,
      notes: [
        `Where: inside the site block for ${ctx.target.origin} in your Caddyfile, next to your \`reverse_proxy\`; then \`caddy reload\`. Caddy orders \`header\` and \`respond\` before \`reverse_proxy\` itself.`,
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' Caddy runs `basic_auth` before `respond`: if you use it, give it a matcher that excludes OPTIONS (`@protected not method OPTIONS`).',
        "`defer` sets the fields when the response is written, replacing the upstream's own CORS headers so none is sent twice; responses from `reverse_proxy` keep them whatever their status. Errors Caddy makes itself (502 when the app is down) go through `handle_errors` and do not.",
        ...methodCaseNote(ctx),
      ],
    };
  },
};
