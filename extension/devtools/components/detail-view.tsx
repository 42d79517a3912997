import { useState } from 'preact/hooks';
import { analyse } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { FixesTab } from './fixes-tab.tsx';
import { HeadersTab } from './headers-tab.tsx';
import { RelaxButton } from './relax-button.tsx';
import { StatusChip } from './status-chip.tsx';
import { TabButton } from './tab-button.tsx';
import { WhatIfTab } from './what-if-tab.tsx';
import { WhyTab } from './why-tab.tsx';

const TABS = [
  { id: 'why', label: 'Why' },
  { id: 'headers', label: 'Headers' },
  { id: 'fixes', label: 'Fixes' },
  { id: 'what-if', label: 'What if' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Everything about one exchange. The open tab survives moving to another row. */
export function DetailView(props: { record: ExchangeRecord; onClose: () => void }) {
  const { record } = props;
  const analysis = analyse(record);
  const [tab, setTab] = useState<TabId>('why');
  return (
    <section class="detail" aria-label="Request details" tabIndex={-1} id="detail">
      <header class="detail-head">
        <div class="detail-title">
          <StatusChip analysis={analysis} />
          <code class="detail-url" title={record.url}>
            {record.method} {record.url}
          </code>
          <button
            type="button"
            class="icon-button"
            aria-label="Close details"
            onClick={props.onClose}
          >
            ✕
          </button>
        </div>
        <p class="detail-summary">{analysis.diagnosis.summary}</p>
        {analysis.relaxed ? (
          <p class="relaxed-banner">
            Passes only because CORS Lens relaxed it. The server alone would be blocked
            {analysis.diagnosis.reason ? (
              <>
                {' '}
                (<code>{analysis.diagnosis.reason}</code>)
              </>
            ) : null}
            : fix the server before you ship.
          </p>
        ) : null}
        <RelaxButton record={record} analysis={analysis} />
      </header>
      <div class="tabs" role="tablist" aria-label="Detail sections">
        {TABS.map((t) => (
          <TabButton
            look="tab"
            key={t.id}
            id={`tab-${t.id}`}
            controls="detail-panel"
            selected={tab === t.id}
            onSelect={() => setTab(t.id)}
          >
            {t.label}
          </TabButton>
        ))}
      </div>
      <div class="detail-body" role="tabpanel" id="detail-panel" aria-labelledby={`tab-${tab}`}>
        {tab === 'why' ? <WhyTab record={record} analysis={analysis} /> : null}
        {tab === 'headers' ? <HeadersTab record={record} analysis={analysis} /> : null}
        {tab === 'fixes' ? <FixesTab key={record.key} record={record} analysis={analysis} /> : null}
        {tab === 'what-if' ? (
          <WhatIfTab key={record.key} record={record} analysis={analysis} />
        ) : null}
      </div>
    </section>
  );
}
