/** Django with django-cors-headers. */
import { dq, list } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

/** django-cors-headers' `default_headers`: kept so existing clients (X-CSRFToken…) keep working. */
const DEFAULT_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'user-agent',
  'x-csrftoken',
  'x-requested-with',
];

export const django: StackTemplate = {
  id: 'django',
  title: 'Django (django-cors-headers)',
  kind: 'server',
  language: 'python',
  vary: 'library',
  render(ctx) {
    const headers = [...new Set([...DEFAULT_HEADERS, ...ctx.headers])].sort();
    const lines = [
      '# settings.py (at the end) -- pip install django-cors-headers',
      'INSTALLED_APPS += ["corsheaders"]',
      '# First: above CommonMiddleware (which redirects to add a trailing slash) and any auth.',
      'MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")',
      '',
      `CORS_ALLOWED_ORIGINS = ${list([ctx.origin], dq)}`,
    ];
    if (ctx.credentials) lines.push('CORS_ALLOW_CREDENTIALS = True');
    lines.push(`CORS_ALLOW_METHODS = ${list(ctx.methods, dq)}`);
    lines.push(`CORS_ALLOW_HEADERS = ${list(headers, dq)}`);
    if (ctx.exposeHeaders.length > 0)
      lines.push(`CORS_EXPOSE_HEADERS = ${list(ctx.exposeHeaders, dq)}`);
    lines.push(`CORS_PREFLIGHT_MAX_AGE = ${ctx.maxAge}`);
    if (ctx.apiPrefix) lines.push(`CORS_URLS_REGEX = r"^${ctx.apiPrefix}/.*$"`);
    const notes = [
      'Where: append to `settings.py`. If `corsheaders` is already installed, or `INSTALLED_APPS`/`MIDDLEWARE` are tuples in your project, edit the existing entries instead (CorsMiddleware as high as possible, before CommonMiddleware) and keep only the `CORS_*` lines.',
      credentialsNote(ctx),
      PREFLIGHT_BEFORE_AUTH +
        ' CorsMiddleware answers preflights itself (200, empty body) before any view, decorator or CommonMiddleware redirect.',
      'Vary: django-cors-headers adds `Vary: origin` to the responses it handles.',
      'Errors: as the outermost middleware it also adds the headers to 404s and 500 pages.',
    ];
    if (ctx.credentials) {
      notes.push(
        `Cookies across origins: session and CSRF cookies need \`SESSION_COOKIE_SAMESITE = "None"\` / \`CSRF_COOKIE_SAMESITE = "None"\` with \`Secure\` when the page and API are on different sites, and unsafe methods need \`CSRF_TRUSTED_ORIGINS = [${dq(ctx.origin)}]\`.`,
      );
    }
    return { code: lines.join('\n') + '\n', notes: [...notes, ...methodCaseNote(ctx)] };
  },
};
