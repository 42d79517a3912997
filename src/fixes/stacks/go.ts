/** Go net/http with github.com/rs/cors. */
import { dq } from '../quote.ts';
import {
  credentialsNote,
  listenPort,
  methodCaseNote,
  PREFLIGHT_BEFORE_AUTH,
  upperCaseOnlyMethods,
} from './notes.ts';
import type { StackTemplate } from './template.ts';

function slice(values: readonly string[]): string {
  return `[]string{${values.map(dq).join(', ')}}`;
}

export const go: StackTemplate = {
  id: 'go',
  title: 'Go (github.com/rs/cors)',
  kind: 'server',
  language: 'go',
  vary: 'library',
  upperCasesMethods: true,
  render(ctx) {
    const fields: [string, string][] = [
      ['AllowedOrigins', slice([ctx.origin])],
      ['AllowedMethods', slice(upperCaseOnlyMethods(ctx))],
      ['AllowedHeaders', slice(ctx.headers)],
      ...(ctx.exposeHeaders.length > 0
        ? [['ExposedHeaders', slice(ctx.exposeHeaders)] as [string, string]]
        : []),
      ...(ctx.credentials ? [['AllowCredentials', 'true'] as [string, string]] : []),
      ['MaxAge', String(ctx.maxAge)],
    ];
    const width = Math.max(...fields.map(([k]) => k.length)) + 1;
    const body = fields.map(([k, v]) => `\t\t${(k + ':').padEnd(width)} ${v},`).join('\n');
    const code = `// go get github.com/rs/cors
package main

import (
\t"log"
\t"net/http"

\t"github.com/rs/cors"
)

func main() {
\tmux := http.NewServeMux()
\t// ... your handlers: mux.HandleFunc(...)

\tc := cors.New(cors.Options{
${body}
\t})

\t// Wrap everything (auth middleware included) so preflights are answered before it runs.
\tlog.Fatal(http.ListenAndServe(${dq(':' + listenPort(ctx, '8080'))}, c.Handler(mux)))
}
`;
    return {
      code,
      notes: [
        'Where: where you start the HTTP server: wrap the outermost handler (your mux or router, with auth middleware inside it) in `c.Handler(...)`. For chi/gorilla, `r.Use(c.Handler)` as the first middleware works too.',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' rs/cors ends preflights itself (204 by default) unless `OptionsPassthrough` is set.',
        'Vary: rs/cors adds `Vary: Origin` (and the Access-Control-Request-* names on preflights) itself.',
        'Errors: the headers are set before your handler runs, so `http.Error` and 404 responses keep them.',
        ...methodCaseNote(ctx, true),
      ],
    };
  },
};
