// Small vocabulary the case tables are written in.
import type { Case, HopSpec, Lines, Origins, RequestSpec, Value } from '../case-types.ts';

export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';
export const ACAM = 'Access-Control-Allow-Methods';
export const ACAH = 'Access-Control-Allow-Headers';

/** The page's exact origin, as a server that echoes it would send it. */
export const PAGE: Value = (o: Origins) => o.page;

/** `http://localhost:1234` → `http://localhost:1235`. */
export function otherPort(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}:${Number(url.port) + 1}`;
}

/** Lines allowing the page (exact origin) and, for credentialed requests, credentials. */
export function allowPage(credentials = false, more: Lines = []): Lines {
  return [[ACAO, PAGE], ...(credentials ? ([[ACAC, 'true']] as Lines) : []), ...more];
}

export type RequestInput = Partial<RequestSpec> & Pick<RequestSpec, 'method'>;

export function request(input: RequestInput): RequestSpec {
  const spec: RequestSpec = { client: 'fetch', credentials: 'same-origin', ...input };
  // fetch() refuses a body on GET/HEAD; a small body on the rest makes uploads realistic.
  if (spec.body === undefined && !/^(get|head)$/i.test(spec.method)) spec.body = 'payload';
  return spec;
}

/** A case with one hop on `at` (default B). */
export function single(
  group: string,
  id: string,
  title: string,
  req: RequestInput,
  hop: Omit<HopSpec, 'at'> & { at?: HopSpec['at'] },
): Case {
  return { id: `${group}-${id}`, group, title, request: request(req), hops: [{ at: 'B', ...hop }] };
}

/** Preflight lines: the exact origin, and the Allow-Methods / Allow-Headers given (if any). */
export function preflightOk(credentials: boolean, methods?: string, headers?: string): Lines {
  const lines: Array<readonly [string, Value]> = [...allowPage(credentials)];
  if (methods !== undefined) lines.push([ACAM, methods]);
  if (headers !== undefined) lines.push([ACAH, headers]);
  return lines;
}

/** Turns a label into something safe in a URL path and a case id. */
export function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
