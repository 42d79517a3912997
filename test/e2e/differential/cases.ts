// The whole scenario matrix, generated from the tables in ./tables/.
import type { Case } from './case-types.ts';
import { ALLOW_CREDENTIALS_CASES } from './tables/allow-credentials.ts';
import { ALLOW_ORIGIN_CASES } from './tables/allow-origin.ts';
import { CLIENT_MODE_CASES } from './tables/client-modes.ts';
import { METHOD_CASES } from './tables/methods.ts';
import { PREFLIGHT_CASES } from './tables/preflight.ts';
import { REDIRECT_CASES } from './tables/redirects.ts';
import { REQUEST_HEADER_CASES } from './tables/request-headers.ts';

function checked(cases: Case[]): Case[] {
  const seen = new Set<string>();
  for (const c of cases) {
    if (!/^[a-z0-9-]+$/.test(c.id)) throw new Error(`case id "${c.id}" is not URL-safe`);
    if (seen.has(c.id)) throw new Error(`duplicate case id "${c.id}"`);
    seen.add(c.id);
    if (c.hops.length === 0) throw new Error(`case "${c.id}" has no hops`);
  }
  return cases;
}

export const CASES: readonly Case[] = checked([
  ...ALLOW_ORIGIN_CASES,
  ...ALLOW_CREDENTIALS_CASES,
  ...METHOD_CASES,
  ...REQUEST_HEADER_CASES,
  ...PREFLIGHT_CASES,
  ...REDIRECT_CASES,
  ...CLIENT_MODE_CASES,
]);
