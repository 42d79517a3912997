import { useMemo, useState } from 'preact/hooks';
import type { Analysis } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import {
  draftFromExchange,
  evaluateDraft,
  legToEdit,
  suggestedDraft,
  type WhatIfDraft,
} from '../model/what-if.ts';

/**
 * Edit what the server answers and see at once whether the browser would accept it: the engine
 * re-judges the edited exchange on every keystroke.
 */
export function WhatIfTab({ record, analysis }: { record: ExchangeRecord; analysis: Analysis }) {
  const exchange = record.exchange;
  const original = useMemo(
    () => draftFromExchange(exchange, legToEdit(exchange, analysis.diagnosis)),
    [exchange, analysis],
  );
  const [draft, setDraft] = useState<WhatIfDraft>(original);
  const result = useMemo(() => evaluateDraft(exchange, draft), [exchange, draft]);
  const hop = exchange.legs.length > 1 ? ` (hop ${draft.legIndex + 1})` : '';

  const edit = (patch: Partial<WhatIfDraft>) => setDraft({ ...draft, ...patch });

  return (
    <div class="what-if-tab">
      <div class="what-if-actions">
        <button
          type="button"
          onClick={() => setDraft(suggestedDraft(exchange, analysis.diagnosis, draft))}
        >
          Suggest headers that work
        </button>
        <button type="button" onClick={() => setDraft(original)}>
          Reset to the server’s answer
        </button>
      </div>
      {draft.preflight ? (
        <fieldset>
          <legend>Preflight response{hop}</legend>
          <label class="status-field">
            Status{' '}
            <input
              aria-label="Preflight status"
              inputMode="numeric"
              value={draft.preflight.status}
              onInput={(e) =>
                edit({ preflight: { ...draft.preflight!, status: e.currentTarget.value } })
              }
            />
          </label>
          <textarea
            aria-label="Preflight response headers"
            spellcheck={false}
            rows={Math.max(4, draft.preflight.headers.split('\n').length + 1)}
            value={draft.preflight.headers}
            onInput={(e) =>
              edit({ preflight: { ...draft.preflight!, headers: e.currentTarget.value } })
            }
          />
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Response{hop}</legend>
        {draft.responseAssumed ? (
          <p class="hint">
            The browser never received this response (the request failed before). Fill in what the
            server would answer.
          </p>
        ) : null}
        <label class="status-field">
          Status{' '}
          <input
            aria-label="Response status"
            inputMode="numeric"
            value={draft.response.status}
            onInput={(e) =>
              edit({ response: { ...draft.response, status: e.currentTarget.value } })
            }
          />
        </label>
        <textarea
          aria-label="Response headers"
          spellcheck={false}
          rows={Math.max(4, draft.response.headers.split('\n').length + 1)}
          value={draft.response.headers}
          onInput={(e) => edit({ response: { ...draft.response, headers: e.currentTarget.value } })}
        />
      </fieldset>
      <WhatIfVerdict result={result} />
    </div>
  );
}

function WhatIfVerdict({ result }: { result: ReturnType<typeof evaluateDraft> }) {
  if (result.errors.length || !result.diagnosis) {
    return (
      <div class="what-if-verdict verdict-error" role="status">
        {result.errors.map((e) => (
          <div key={e}>{e}</div>
        ))}
      </div>
    );
  }
  const d = result.diagnosis;
  const ok = d.verdict === 'allowed';
  return (
    <div class={`what-if-verdict ${ok ? 'verdict-ok' : 'verdict-blocked'}`} role="status">
      <strong>
        {ok
          ? '✓ The browser would accept this.'
          : d.verdict === 'blocked'
            ? `✕ Still blocked: ${d.reason ?? 'blocked'}`
            : `${d.verdict}`}
      </strong>
      <div>{d.summary}</div>
    </div>
  );
}
