/** What every dev-server proxy fix says, worded once. */
import type { FixContext } from '../context.ts';
import { proxyExplanation } from '../advice.ts';

export function proxyNotes(ctx: FixContext, restartHint: string): string[] {
  const call =
    `Call \`${ctx.proxy.pagePath}\` (a path on the dev server) instead of \`${ctx.targetUrl.split(/[?#]/)[0]}\`: ` +
    (ctx.proxy.strip
      ? `the proxy strips the \`${ctx.proxy.prefix}\` prefix it adds before forwarding to ${ctx.target.origin}.`
      : `the proxy forwards it unchanged to ${ctx.target.origin}.`);
  const notes = [call, proxyExplanation, restartHint];
  if (ctx.proxy.strip) {
    // Measured by the stack suite: a redirect to `/api/items` comes back as `/items` to the API.
    notes.push(
      `Redirects: a \`Location: /path\` from the API is followed on the dev server, outside \`${ctx.proxy.prefix}\`, where the proxy does not forward it (and one inside it loses the prefix). If the API redirects, mount the proxy at the API's own path prefix, without stripping.`,
    );
  }
  notes.push(
    "Origin still arrives: the browser sends `Origin` on POST/PUT/DELETE even to its own origin and the proxy forwards it; `changeOrigin` only rewrites `Host`. A backend that checks Origin (Spring's CORS processor, Django CSRF) must accept the dev origin too.",
  );
  if (ctx.credentials) {
    notes.push(
      `Cookies: they become first-party for the dev server, so \`credentials: 'include'\` is no longer needed (\`same-origin\`, the default, sends them). \`cookieDomainRewrite: { '*': '' }\` drops the API's \`Domain=\` attribute so the browser stores them for ${ctx.origin}; \`SameSite=None\` is no longer required.`,
    );
  }
  if (ctx.target.scheme === 'https' && ctx.apiLocal) {
    notes.push(
      'The API uses https on this machine: add `secure: false` if its certificate is self-signed.',
    );
  }
  return notes;
}
