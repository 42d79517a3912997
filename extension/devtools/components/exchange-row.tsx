import { analyse, type Analysis } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { shortUrl } from '../model/origins.ts';
import { StatusChip } from './status-chip.tsx';

export function rowId(key: number): string {
  return `exchange-${key}`;
}

/** One list row. Runs only for rows in view: the engine result is a cache lookup. */
export function ExchangeRow(props: {
  record: ExchangeRecord;
  selected: boolean;
  onSelect: (key: number) => void;
}) {
  const { record, selected } = props;
  const analysis = analyse(record);
  const { host, path } = shortUrl(record.url);
  const legs = record.exchange.legs;
  const last = legs[legs.length - 1];
  const preflighted = legs.some((leg) => leg.preflight);
  const status = last?.response?.status;
  return (
    <div
      id={rowId(record.key)}
      role="option"
      aria-selected={selected}
      class={`row${selected ? ' row-selected' : ''} row-${analysis.status}`}
      onClick={() => props.onSelect(record.key)}
      title={record.url}
    >
      <span class="cell-status">
        <StatusChip analysis={analysis} compact />
      </span>
      <span class="cell-method">{record.method}</span>
      <span class="cell-url">
        <span class="url-host">{host}</span>
        <span class="url-path">{path}</span>
      </span>
      <span class="cell-reason">{reasonText(analysis)}</span>
      <span class="cell-badges">
        {preflighted ? (
          <span class="badge" title="Preflighted (OPTIONS sent first)">
            P
          </span>
        ) : null}
        {legs.length > 1 ? (
          <span class="badge" title={`${legs.length - 1} redirect(s)`}>
            ↪{legs.length - 1}
          </span>
        ) : null}
      </span>
      <span class="cell-code">{status ? status : '—'}</span>
    </div>
  );
}

/** What the reason column says: Chromium's reason, the network error, or that it is unknown. */
function reasonText({ status, diagnosis }: Analysis): string {
  if (status === 'blocked' || status === 'relaxed') {
    // A cut-off recording may show the block without what caused it.
    return diagnosis.reason ?? 'reason not recorded';
  }
  return status === 'network-error' ? (diagnosis.netError ?? '') : '';
}
