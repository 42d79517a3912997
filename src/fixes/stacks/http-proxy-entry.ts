/**
 * The options of one proxy entry for the dev servers that run http-proxy (Vite's `server.proxy`,
 * webpack-dev-server's `devServer.proxy`), as JavaScript source lines: what they forward and
 * rewrite is decided here once; each stack only says how its own path rewrite is spelled.
 */
import type { FixContext } from '../context.ts';
import { js } from '../quote.ts';

const INDENT = '        ';

/** `rewrite` spells the stack's prefix-stripping option (used only when the proxy strips). */
export function httpProxyEntry(ctx: FixContext, rewrite: (prefix: string) => string): string[] {
  const { prefix, strip } = ctx.proxy;
  const lines = [
    `target: ${js(ctx.target.origin)},`,
    '// Rewrites Host to the target (virtual hosts, CDNs); Origin is left as is.',
    'changeOrigin: true,',
    ...(strip ? [`${rewrite(prefix)},`] : []),
    ...(ctx.credentials
      ? [
          "// Store the API's cookies for the dev server's host.",
          "cookieDomainRewrite: { '*': '' },",
        ]
      : []),
  ];
  return lines.map((line) => INDENT + line);
}
