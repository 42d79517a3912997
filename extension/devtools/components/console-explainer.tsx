import { RichText } from './rich-text.tsx';
import { usePanelState, useStore } from './store-context.ts';

/** Paste a Chrome or Firefox console error, get the engine's explanation (works offline). */
export function ConsoleExplainer({ onClose }: { onClose: () => void }) {
  const store = useStore();
  const paste = usePanelState((s) => s.consolePaste);
  const records = usePanelState((s) => s.records);
  const result = paste?.result;
  const explained = result && 'diagnosis' in result ? result : undefined;
  const match = explained?.url ? records.findLast((r) => r.url === explained.url) : undefined;
  return (
    <section class="dialog" role="dialog" aria-label="Explain a console error">
      <header class="dialog-head">
        <h3>Explain a console error</h3>
        <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </header>
      <textarea
        aria-label="Console error"
        rows={3}
        spellcheck={false}
        placeholder="Access to fetch at 'https://api.example/x' from origin 'http://localhost:5173' has been blocked by CORS policy: …"
        value={paste?.text ?? ''}
        onInput={(e) => store.actions.explainConsole(e.currentTarget.value)}
      />
      {result && 'error' in result ? (
        <p class="relax-error" role="status">
          {result.error}
        </p>
      ) : null}
      {explained ? (
        <div class="explanation" role="status">
          <p>
            {explained.source === 'firefox' ? 'Firefox' : 'Chrome'}
            {explained.reason ? (
              <>
                {' '}
                reason <code class="reason-code">{explained.reason}</code>
              </>
            ) : null}
            {explained.url ? (
              <>
                {' '}
                for <code>{explained.url}</code>
              </>
            ) : null}
            {explained.origin ? (
              <>
                {' '}
                from <code>{explained.origin}</code>
              </>
            ) : null}
            .
          </p>
          <p>
            <strong>{explained.diagnosis.summary}</strong>
          </p>
          {explained.diagnosis.explanation.map((p, i) => (
            <p key={i}>
              <RichText text={p} />
            </p>
          ))}
          {match ? (
            <button
              type="button"
              onClick={() => {
                store.actions.select(match.key);
                onClose();
              }}
            >
              Show this request in the list
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
