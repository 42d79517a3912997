import { useState } from 'preact/hooks';
import { exportReport } from '../model/report.ts';
import { CopyButton } from './copy-button.tsx';
import { downloadText } from './dom-actions.ts';
import { usePanelState } from './store-context.ts';

/** Markdown or JSON report of the rows shown; secrets redacted unless the user opts in. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const visible = usePanelState((s) => s.visible);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const save = (format: 'markdown' | 'json') => {
    const text = exportReport(visible, format, { includeSecrets });
    if (format === 'markdown') downloadText(`cors-lens-${stamp}.md`, text, 'text/markdown');
    else downloadText(`cors-lens-${stamp}.json`, text, 'application/json');
  };
  return (
    <section class="dialog" role="dialog" aria-label="Export a report">
      <header class="dialog-head">
        <h3>Export a report</h3>
        <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </header>
      <p>
        The {visible.length.toLocaleString('en')} request{visible.length === 1 ? '' : 's'} shown,
        with the engine’s verdict, reason and explanation for each.
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(e) => setIncludeSecrets(e.currentTarget.checked)}
        />
        Include cookies and Authorization values (redacted by default)
      </label>
      <div class="dialog-actions">
        <button type="button" onClick={() => save('markdown')} disabled={!visible.length}>
          Download Markdown
        </button>
        <button type="button" onClick={() => save('json')} disabled={!visible.length}>
          Download JSON
        </button>
        {visible.length ? (
          <CopyButton
            label="Copy Markdown"
            text={() => exportReport(visible, 'markdown', { includeSecrets })}
          />
        ) : null}
      </div>
    </section>
  );
}
