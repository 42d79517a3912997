/** Vite dev server `server.proxy`. */
import { js } from '../quote.ts';
import { httpProxyEntry } from './http-proxy-entry.ts';
import { proxyNotes } from './proxy-notes.ts';
import type { StackTemplate } from './template.ts';

export const viteProxy: StackTemplate = {
  id: 'vite-proxy',
  title: 'Vite dev server proxy (server.proxy)',
  kind: 'proxy',
  language: 'ts',
  vary: 'not-needed',
  render(ctx) {
    const entry = httpProxyEntry(
      ctx,
      (prefix) => `rewrite: (path) => path.replace(/^\\${prefix}/, '')`,
    );
    const code = `// vite.config.ts: merge \`server.proxy\` into your existing config (keep your plugins)
import { defineConfig } from 'vite';

export default defineConfig({
  server: {
    proxy: {
      // The page calls ${js(ctx.proxy.pagePath)}: same origin as the page, so no CORS at all.
      ${js(ctx.proxy.prefix)}: {
${entry.join('\n')}
      },
    },
  },
});
`;
    return {
      code,
      notes: [
        'Where: `vite.config.ts` (or `.js`) at the frontend root, inside `defineConfig({ server: { proxy } })` next to your plugins. Vite-based frameworks (SvelteKit, Nuxt via `vite.server.proxy`, Astro via `vite.server.proxy`) take the same block.',
        ...proxyNotes(
          ctx,
          'Restart `vite` after editing the config. `vite preview` uses `preview.proxy` instead.',
        ),
      ],
    };
  },
};
