import type { ComponentChildren } from 'preact';
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
        <AnswerFields
          legend={`Preflight response${hop}`}
          labels={['Preflight status', 'Preflight response headers']}
          answer={draft.preflight}
          onChange={(preflight) => edit({ preflight })}
        />
      ) : null}
      <AnswerFields
        legend={`Response${hop}`}
        labels={['Response status', 'Response headers']}
        answer={draft.response}
        onChange={(response) => edit({ response })}
      >
        {draft.responseAssumed ? (
          <p class="hint">
            The browser never received this response (the request failed before). Fill in what the
            server would answer.
          </p>
        ) : null}
      </AnswerFields>
      <WhatIfVerdict result={result} />
    </div>
  );
}

type Answer = WhatIfDraft['response'];

/** A server answer to edit: its status and its headers, one per line. */
function AnswerFields(props: {
  legend: string;
  /** Accessible names of the status field and the headers field (tests and screen readers). */
  labels: [status: string, headers: string];
  answer: Answer;
  onChange: (answer: Answer) => void;
  children?: ComponentChildren;
}) {
  const { answer, onChange } = props;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.children}
      <label class="status-field">
        Status{' '}
        <input
          aria-label={props.labels[0]}
          inputMode="numeric"
          value={answer.status}
          onInput={(e) => onChange({ ...answer, status: e.currentTarget.value })}
        />
      </label>
      <textarea
        aria-label={props.labels[1]}
        spellcheck={false}
        rows={Math.max(4, answer.headers.split('\n').length + 1)}
        value={answer.headers}
        onInput={(e) => onChange({ ...answer, headers: e.currentTarget.value })}
      />
    </fieldset>
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
