/** Angular CLI `proxy.conf.json` (`ng serve --proxy-config`). */
import type { FixContext } from '../context.ts';
import { proxyNotes } from './proxy-notes.ts';
import type { StackTemplate } from './template.ts';

function config(ctx: FixContext): Record<string, unknown> {
  const entry: Record<string, unknown> = { target: ctx.target.origin, changeOrigin: true };
  if (ctx.proxy.strip) entry['pathRewrite'] = { [`^${ctx.proxy.prefix}`]: '' };
  if (ctx.credentials) entry['cookieDomainRewrite'] = { '*': '' };
  if (ctx.target.scheme === 'https' && ctx.apiLocal) entry['secure'] = false;
  return { [ctx.proxy.prefix]: entry };
}

export const angularProxy: StackTemplate = {
  id: 'angular-proxy',
  title: 'Angular dev server proxy (proxy.conf.json)',
  kind: 'proxy',
  language: 'json',
  vary: 'not-needed',
  render(ctx) {
    return {
      code: JSON.stringify(config(ctx), null, 2) + '\n',
      notes: [
        'Where: `proxy.conf.json` next to `angular.json`, referenced from `angular.json` → `projects.<app>.architect.serve.options.proxyConfig: "proxy.conf.json"` (or `ng serve --proxy-config proxy.conf.json`).',
        ...proxyNotes(ctx, 'Restart `ng serve` after adding the file.'),
      ],
    };
  },
};
