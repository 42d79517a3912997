import type { Culprit, Diagnosis, Exchange, Header } from '../../../src/cors/types.ts';

export interface HeaderRow {
  name: string;
  value: string;
  /** The header the failing check blamed (or its absence). */
  culprit: boolean;
  /** A header some CORS check read. */
  checked: boolean;
  /** Not sent by the server: a placeholder showing what the check looked for. */
  missing?: boolean;
  /** Set or changed by a CORS Lens override (the server did not send this value). */
  byOverride?: boolean;
}

export interface HeaderSection {
  title: string;
  where: Culprit['where'];
  legIndex: number;
  /** e.g. `GET https://api.example/items` or `204`. */
  subtitle: string;
  rows: HeaderRow[];
}

const STAGE_SECTIONS = {
  request: ['request'],
  preflight: ['preflight-request', 'preflight-response'],
  response: ['response'],
  redirect: ['response'],
} as const;

/**
 * Every header block of an exchange in wire order, with what the diagnosis says about each line.
 * With `relaxed`, response blocks show what the browser received after the override and mark
 * the lines it changed.
 */
export function headerSections(
  exchange: Exchange,
  diagnosis: Diagnosis,
  relaxed?: Exchange,
): HeaderSection[] {
  const sections: HeaderSection[] = [];
  const checkedNames = (legIndex: number, where: Culprit['where']) => {
    const names = new Set<string>();
    for (const check of diagnosis.checks) {
      if (check.legIndex !== legIndex || !check.header) continue;
      if ((STAGE_SECTIONS[check.stage] as readonly string[]).includes(where)) {
        names.add(check.header.toLowerCase());
      }
    }
    return names;
  };
  const add = (
    title: string,
    where: Culprit['where'],
    legIndex: number,
    subtitle: string,
    headers: readonly Header[],
    original?: readonly Header[],
  ) => {
    const culprit = matches(diagnosis.culprit, where, legIndex) ? diagnosis.culprit : undefined;
    const culpritName = culprit?.header?.toLowerCase();
    const checked = checkedNames(legIndex, where);
    const rows: HeaderRow[] = headers.map((h) => ({
      name: h.name,
      value: h.value,
      culprit: culpritName === h.name.toLowerCase(),
      checked: checked.has(h.name.toLowerCase()),
      byOverride: original
        ? !original.some(
            (o) => o.name.toLowerCase() === h.name.toLowerCase() && o.value === h.value,
          )
        : undefined,
    }));
    if (culprit?.header && !rows.some((r) => r.culprit)) {
      rows.push({
        name: culprit.header,
        value: '(missing)',
        culprit: true,
        checked: true,
        missing: true,
      });
    }
    sections.push({ title, where, legIndex, subtitle, rows });
  };

  exchange.legs.forEach((leg, i) => {
    const shown = relaxed?.legs[i];
    const hop = exchange.legs.length > 1 ? ` (hop ${i + 1})` : '';
    if (leg.preflight) {
      add(
        'Preflight request' + hop,
        'preflight-request',
        i,
        `OPTIONS ${leg.request.url}`,
        leg.preflight.request.headers,
      );
      const response = shown?.preflight?.response ?? leg.preflight.response;
      add(
        'Preflight response' + hop,
        'preflight-response',
        i,
        response ? String(response.status) : (leg.preflight.netError ?? 'no response'),
        response?.headers ?? [],
        shown ? (leg.preflight.response?.headers ?? []) : undefined,
      );
    }
    add(
      'Request' + hop,
      'request',
      i,
      `${leg.request.method} ${leg.request.url}`,
      leg.request.headers,
    );
    const response = shown?.response ?? leg.response;
    add(
      'Response' + hop,
      'response',
      i,
      response && response.status ? String(response.status) : (leg.netError ?? 'not received'),
      response?.headers ?? [],
      shown ? (leg.response?.headers ?? []) : undefined,
    );
  });
  return sections;
}

function matches(culprit: Culprit | undefined, where: Culprit['where'], legIndex: number): boolean {
  return culprit !== undefined && culprit.where === where && culprit.legIndex === legIndex;
}
