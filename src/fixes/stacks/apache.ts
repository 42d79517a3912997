/** Apache httpd: SetEnvIf allowlist echo, `Header always set`, OPTIONS rewritten to 204. */
import { exactRegex, headerList } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import { CORS_RESPONSE_HEADERS, type StackTemplate } from './template.ts';

export const apache: StackTemplate = {
  id: 'apache',
  title: 'Apache httpd (mod_headers)',
  kind: 'server',
  language: 'apache',
  vary: 'snippet',
  render(ctx) {
    const set = (name: string, value: string) =>
      `Header always set ${name} "${value}" env=CORS_ORIGIN`;
    const lines = [
      set('Access-Control-Allow-Origin', '%{CORS_ORIGIN}e'),
      ...(ctx.credentials ? [set('Access-Control-Allow-Credentials', 'true')] : []),
      set('Access-Control-Allow-Methods', headerList(ctx.methods)),
      set('Access-Control-Allow-Headers', headerList(ctx.headers)),
      ...(ctx.exposeHeaders.length > 0
        ? [set('Access-Control-Expose-Headers', headerList(ctx.exposeHeaders))]
        : []),
      set('Access-Control-Max-Age', String(ctx.maxAge)),
      'Header always merge Vary Origin',
    ];
    const code = `# In the <VirtualHost> serving ${ctx.target.origin}. Needs mod_headers, mod_setenvif, mod_rewrite.
# Echo the Origin only when it is allow-listed (${ctx.origin}): CORS_ORIGIN is set to the whole match.
SetEnvIf Origin "${exactRegex(ctx.origin)}" CORS_ORIGIN=$0

# Apache is the only source of CORS headers: drop the app's, so none is sent twice.
${CORS_RESPONSE_HEADERS.map((h) => `Header unset ${h}`).join('\n')}

# "always" keeps the headers on error responses (4xx/5xx) too.
${lines.join('\n')}

# Preflight: answer with 204 before authentication or the app sees it.
RewriteEngine On
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteCond %{HTTP:Access-Control-Request-Method} !^$
RewriteRule ^ - [R=204,L]
`;
    return {
      code,
      notes: [
        `Where: inside the \`<VirtualHost>\` for ${ctx.target.origin} (or a \`<Location "${ctx.apiPrefix || '/'}">\` in it). Enable the modules with \`a2enmod headers setenvif rewrite\`, then \`apachectl configtest && apachectl graceful\`.`,
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' In VirtualHost context mod_rewrite runs before authentication, so the 204 is sent without credentials. In `.htaccess` it runs after auth: there, exempt OPTIONS with `<LimitExcept OPTIONS> Require valid-user </LimitExcept>`.',
        '`Header always set` writes to the table used for every status, errors included; `Header unset` removes the copies a proxied app sent in the normal table, which would otherwise arrive twice (`MultipleAllowOriginValues`).',
        ...methodCaseNote(ctx),
      ],
    };
  },
};
