import { fitsWholeRead, planFor, refusal, streamHar } from '../model/open-har.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConsoleExplainer } from './console-explainer.tsx';
import { DetailView } from './detail-view.tsx';
import { ExchangeList } from './exchange-list.tsx';
import { ExportDialog } from './export-dialog.tsx';
import { Notices } from './notices.tsx';
import { usePanelState, useStore } from './store-context.ts';
import { Toolbar, type Dialog } from './toolbar.tsx';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable;
}

/**
 * The panel: toolbar, list and detail. Keyboard: ↑/↓ move, Enter opens the detail, Esc closes
 * (a dialog, then the detail), `/` searches. Drop a HAR file anywhere to analyse it.
 */
export function App() {
  const store = useStore();
  const selected = usePanelState((s) =>
    s.selectedKey === undefined ? undefined : s.records.find((r) => r.key === s.selectedKey),
  );
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const [dragging, setDragging] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    const plan = planFor(file.size);
    if (plan === 'direct') {
      const text = await file.text();
      if (fitsWholeRead(text)) store.actions.loadHar(file.name, text);
      else store.actions.showHar(file.name, await streamHar(file, 'shape'));
    } else if (plan === 'stream') store.actions.showHar(file.name, await streamHar(file));
    else
      store.actions.showHar(file.name, { exchanges: [], errors: [refusal(file)], marked: false });
    setDialog(undefined);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const typing = isTyping(event.target);
      if (event.key === 'Escape') {
        if (dialog) setDialog(undefined);
        else if (typing) (event.target as HTMLElement).blur();
        else if (store.getState().selectedKey !== undefined) store.actions.select(undefined);
        else return;
        event.preventDefault();
        document.getElementById('exchange-list')?.focus();
        return;
      }
      if (typing) return;
      if (event.key === '/') {
        event.preventDefault();
        search.current?.focus();
        search.current?.select();
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        // Inside the detail, arrows scroll it; everywhere else they move through the list.
        if ((event.target as HTMLElement).closest?.('.detail-body')) return;
        event.preventDefault();
        store.actions.moveSelection(event.key === 'ArrowDown' ? 1 : -1);
      } else if (event.key === 'Enter' && (event.target as HTMLElement).id === 'exchange-list') {
        event.preventDefault();
        if (store.getState().selectedKey === undefined) store.actions.moveSelection(1);
        else document.getElementById('detail')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, dialog]);

  // Listeners added by hand: drag events are not reliably exposed as `on*` properties everywhere
  // the panel is rendered (test DOMs), and Preact picks the event name from those properties.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const hasFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.target === element) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      void openFile(e.dataTransfer?.files[0]);
    };
    element.addEventListener('dragover', over);
    element.addEventListener('dragleave', leave);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragover', over);
      element.removeEventListener('dragleave', leave);
      element.removeEventListener('drop', drop);
    };
  });

  return (
    <div ref={root} class={`app${selected ? ' has-detail' : ''}${dragging ? ' dragging' : ''}`}>
      <Toolbar
        searchRef={search}
        onOpenHar={() => fileInput.current?.click()}
        dialog={dialog}
        onDialog={setDialog}
      />
      <input
        ref={fileInput}
        type="file"
        accept=".har,application/json"
        hidden
        aria-label="HAR file"
        onChange={(e) => {
          void openFile(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      <Notices />
      {dialog === 'export' ? <ExportDialog onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'console' ? <ConsoleExplainer onClose={() => setDialog(undefined)} /> : null}
      <main class="split">
        <div class="list-pane">
          <ExchangeList />
        </div>
        {selected ? (
          <DetailView record={selected} onClose={() => store.actions.select(undefined)} />
        ) : null}
      </main>
      {dragging ? (
        <div class="drop-overlay" aria-hidden="true">
          Drop a HAR file to analyse it
        </div>
      ) : null}
    </div>
  );
}
