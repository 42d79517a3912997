/** Caveats several stacks share, worded once. */
import type { FixContext } from '../context.ts';

/**
 * The allowed methods for a library that cannot represent a lower-case method (it upper-cases
 * names, or rejects unknown ones): listing `patch` there would be useless or break startup.
 */
export function upperCaseOnlyMethods(ctx: FixContext): string[] {
  return ctx.methods.filter((m) => !ctx.unnormalisedMethods.includes(m));
}

/** Methods like `patch` that Chromium sends as written and compares case-sensitively. */
export function methodCaseNote(ctx: FixContext, upperCasesMethods = false): string[] {
  if (ctx.unnormalisedMethods.length === 0) return [];
  const list = ctx.unnormalisedMethods.map((m) => `\`${m}\``).join(', ');
  const upper = ctx.unnormalisedMethods.map((m) => `\`${m.toUpperCase()}\``).join(', ');
  if (upperCasesMethods) {
    return [
      `Your code sends ${list} in lower case. Chromium sends it exactly like that and compares it case-sensitively, and this library upper-cases allowed methods (or rejects unknown names), so it can never match: write ${upper} in the client (e.g. \`fetch(url, { method: 'PATCH' })\`).`,
    ];
  }
  return [
    `Your code sends ${list} in lower case. Chromium only upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT, and compares the rest case-sensitively, so the list above spells it exactly as sent. Simpler and more portable: write ${upper} in the client.`,
  ];
}

export function credentialsNote(ctx: FixContext): string {
  return ctx.credentials
    ? `Credentials: ${ctx.credentialsEvidence}, so the origin is echoed (never \`*\`), \`Access-Control-Allow-Credentials: true\` is sent, and methods and headers are listed explicitly (with credentials, \`*\` there is a literal, not a wildcard).`
    : `Credentials: ${ctx.credentialsEvidence}. The origin is still echoed from an allowlist rather than \`*\`; if you later send cookies or Authorization with \`credentials: 'include'\`, add Allow-Credentials then.`;
}

export const PREFLIGHT_BEFORE_AUTH =
  'Preflights (OPTIONS) never carry cookies or Authorization: they must be answered (2xx, no auth) before any authentication or authorization step runs.';

/** The API's own port when it runs here over plain http; else the usual default (behind TLS/proxy). */
export function listenPort(ctx: FixContext, fallback: string): string {
  return ctx.apiLocal && ctx.target.scheme === 'http' ? ctx.target.port : fallback;
}
