import { useCallback } from 'preact/hooks';
import { ExchangeRow, rowId } from './exchange-row.tsx';
import { usePanelState, useStore } from './store-context.ts';
import { VirtualList } from './virtual-list.tsx';

export const ROW_HEIGHT = 24;

export function ExchangeList() {
  const store = useStore();
  const visible = usePanelState((s) => s.visible);
  const selectedKey = usePanelState((s) => s.selectedKey);
  const total = usePanelState((s) => s.records.length);
  const source = usePanelState((s) => s.source.kind);
  const onSelect = useCallback((key: number) => store.actions.select(key), [store]);
  const activeIndex =
    selectedKey === undefined ? -1 : visible.findIndex((r) => r.key === selectedKey);

  if (visible.length === 0) {
    return (
      <div class="list-empty" role="status">
        {total > 0
          ? 'No request matches the filters.'
          : source === 'live'
            ? 'No cross-origin requests yet. Use the page or reload it: every fetch and XHR to another origin shows here, with why the browser allowed or blocked it.'
            : source === 'file'
              ? 'This file has no cross-origin fetch or XHR requests.'
              : 'Open a HAR file (or drop one here) to see why its requests were blocked, or paste a console error with “Explain error”.'}
      </div>
    );
  }
  return (
    <VirtualList
      id="exchange-list"
      label="Cross-origin requests"
      items={visible}
      rowHeight={ROW_HEIGHT}
      activeIndex={activeIndex}
      activeDescendant={selectedKey === undefined ? undefined : rowId(selectedKey)}
      renderRow={(record) => (
        <ExchangeRow record={record} selected={record.key === selectedKey} onSelect={onSelect} />
      )}
    />
  );
}
