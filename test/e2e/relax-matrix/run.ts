// Running the matrix's requests inside a page, and counting the outcomes per server behaviour.
import type { Page } from 'playwright-core';
import { KINDS, type Case, type Hosts, caseUrl } from './cases.ts';

interface PageRequest {
  url: string;
  api: 'fetch' | 'xhr';
  method: string;
  headers: Record<string, string>;
  body: string | null;
  credentials: boolean;
}

function pageRequest(c: Case, hosts: Hosts): PageRequest {
  const k = KINDS[c.kind]!;
  return {
    url: caseUrl(c, hosts),
    api: k.api,
    method: k.method,
    headers: k.headers ?? {},
    body: k.body ?? null,
    credentials: k.credentials,
  };
}

/**
 * Whether each case's response reached the page's script (CORS let it through, whatever the
 * status), `parallel` at a time.
 */
export async function passes(
  page: Page,
  cases: readonly Case[],
  hosts: Hosts,
  parallel = 1,
): Promise<boolean[]> {
  const requests = cases.map((c) => pageRequest(c, hosts));
  return page.evaluate(
    async ({ requests, parallel }) => {
      const one = (r: (typeof requests)[number]): Promise<boolean> => {
        if (r.api === 'xhr') {
          return new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            xhr.open(r.method, r.url);
            xhr.withCredentials = r.credentials;
            for (const [name, value] of Object.entries(r.headers))
              xhr.setRequestHeader(name, value);
            xhr.onload = () => resolve(true);
            xhr.onerror = () => resolve(false);
            xhr.send(r.body);
          });
        }
        return fetch(r.url, {
          method: r.method,
          headers: r.headers,
          ...(r.body !== null ? { body: r.body } : {}),
          credentials: r.credentials ? 'include' : 'same-origin',
          cache: 'no-store',
        }).then(
          async (res) => {
            await res.arrayBuffer();
            return true;
          },
          () => false,
        );
      };
      const out: boolean[] = new Array<boolean>(requests.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < requests.length) {
          const i = next++;
          out[i] = await one(requests[i]!);
        }
      };
      await Promise.all(Array.from({ length: parallel }, worker));
      return out;
    },
    { requests, parallel },
  );
}

export interface Row {
  blocked: number;
  fixed: number;
  /** Blocked without the extension, passing on the first try or on the first retry. */
  fixedByRetry: number;
  broken: number;
  /** Blocked without the extension and passing in another site's tab. */
  relaxedElsewhere: number;
  /** Passing without the extension and blocked in another site's tab. */
  brokenElsewhere: number;
  /** Blocked cases the override left blocked: `kind` names. */
  left: string[];
}

export function emptyRow(): Row {
  return {
    blocked: 0,
    fixed: 0,
    fixedByRetry: 0,
    broken: 0,
    relaxedElsewhere: 0,
    brokenElsewhere: 0,
    left: [],
  };
}

/** Per behaviour, and the total (key ''). */
export function tallyRows(
  cases: readonly Case[],
  base: readonly boolean[],
  relaxed: readonly boolean[],
  retried: readonly boolean[],
  elsewhere: readonly boolean[],
): Map<string, Row> {
  const rows = new Map<string, Row>([['', emptyRow()]]);
  cases.forEach((c, i) => {
    let row = rows.get(c.behaviour);
    if (!row) rows.set(c.behaviour, (row = emptyRow()));
    for (const r of [row, rows.get('')!]) {
      if (!base[i]) {
        r.blocked++;
        if (relaxed[i]) r.fixed++;
        else r.left.push(c.kind);
        if (relaxed[i] || retried[i]) r.fixedByRetry++;
        if (elsewhere[i]) r.relaxedElsewhere++;
      } else {
        if (!relaxed[i]) r.broken++;
        if (!elsewhere[i]) r.brokenElsewhere++;
      }
    }
  });
  return rows;
}

export function formatTable(title: string, rows: Map<string, Row>): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const line = (name: string, r: Row, left: string) =>
    `${name.padEnd(46)}${pad(r.blocked, 8)}${pad(r.fixed, 7)}${pad(r.fixedByRetry, 7)}` +
    `${pad(r.broken, 8)}${pad(r.relaxedElsewhere + r.brokenElsewhere, 10)}  ${left}`;
  const lines = [
    title,
    `${'server behaviour'.padEnd(46)}${pad('blocked', 8)}${pad('fixed', 7)}${pad('retry', 7)}` +
      `${pad('broken', 8)}${pad('elsewhere', 10)}  left blocked on the first try`,
  ];
  for (const [name, r] of rows) if (name !== '') lines.push(line(name, r, r.left.join(', ')));
  lines.push(line('total', rows.get('')!, ''));
  return lines.join('\n');
}
