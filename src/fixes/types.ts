/** A ready-to-paste fix for a blocked exchange. CONTRACT shared by the fixes, the panel and the CLI. */
export type StackId =
  | 'express'
  | 'fastify'
  | 'koa'
  | 'nestjs'
  | 'nextjs'
  | 'django'
  | 'flask'
  | 'fastapi'
  | 'rails'
  | 'spring'
  | 'aspnet'
  | 'go'
  | 'nginx'
  | 'apache'
  | 'caddy'
  | 'vite-proxy'
  | 'webpack-proxy'
  | 'angular-proxy';

export interface Fix {
  stack: StackId;
  /** e.g. "Express (cors middleware)". */
  title: string;
  kind: 'server' | 'proxy';
  /** For syntax hints: `js`, `ts`, `python`, `ruby`, `java`, `csharp`, `go`, `nginx`, `apache`, `caddy`, `json`. */
  language: string;
  /** Ready to paste. */
  code: string;
  /** Where to put it, what it does, caveats. */
  notes: string[];
  /** Why it ranks where it does (e.g. "X-Powered-By: Express"). */
  detectedBy?: string;
  /** For Node stacks: `code` is in this module system, and `variants` holds the other one. */
  moduleFormat?: 'esm' | 'cjs';
  /** The same fix in another form (the other module system), shown next to `code`. */
  variants?: FixVariant[];
}

export interface FixVariant {
  /** e.g. "CommonJS (require)". */
  label: string;
  moduleFormat: 'esm' | 'cjs';
  code: string;
}
