/** Rails with rack-cors. */
import { rb } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

/** `%i[...]`/`%w[...]` literals: the tokens are plain (no spaces or brackets), so no escaping needed. */
function words(kind: 'i' | 'w', values: readonly string[]): string {
  return `%${kind}[${values.join(' ')}]`;
}

export const rails: StackTemplate = {
  id: 'rails',
  title: 'Rails (rack-cors)',
  kind: 'server',
  language: 'ruby',
  vary: 'library',
  upperCasesMethods: true,
  render(ctx) {
    // rack-cors matches methods in lower case and needs :options listed to answer preflights.
    const methods = [...new Set([...ctx.methods.map((m) => m.toLowerCase()), 'options'])];
    const resource = ctx.apiPrefix ? `${ctx.apiPrefix}/*` : '*';
    const opts = [
      `headers: ${words('w', ctx.headers)}`,
      `methods: ${words('i', methods)}`,
      ...(ctx.exposeHeaders.length > 0 ? [`expose: ${words('w', ctx.exposeHeaders)}`] : []),
      ...(ctx.credentials ? ['credentials: true'] : []),
      `max_age: ${ctx.maxAge}`,
    ];
    const code = `# config/initializers/cors.rb -- Gemfile: gem "rack-cors"
# insert_before 0: outermost, so preflights are answered before Warden/Devise or routing can refuse them.
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins ${rb(ctx.origin)}
    resource ${rb(resource)},
      ${opts.join(',\n      ')}
  end
end
`;
    return {
      code,
      notes: [
        'Where: `config/initializers/cors.rb` (API-only apps generate it commented out), then restart the server.',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' As the first middleware, rack-cors answers preflights (200) before Devise/Warden or `before_action :authenticate_user!` run.',
        'Vary: rack-cors adds `Vary: Origin` to the responses it handles.',
        'Errors: being outermost, it also adds the headers to 404 and 500 responses rendered by Rails.',
        ...methodCaseNote(ctx, true),
      ],
    };
  },
};
