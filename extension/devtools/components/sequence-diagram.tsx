import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import { buildSequence, type SequenceMessage } from '../model/sequence.ts';
import { isSpace, wrapTokens } from './wrap-tokens.ts';

const KIND_LABEL: Record<SequenceMessage['kind'], string> = {
  preflight: 'Preflight',
  'preflight-response': 'Preflight answer',
  request: 'Request',
  response: 'Response',
  redirect: 'Redirect',
};

const STATE_LABEL: Record<SequenceMessage['state'], string> = {
  ok: '',
  broken: 'check failed here',
  'not-sent': 'never sent',
  failed: 'no answer',
};

/**
 * The conversation as two lanes, Browser and Server, with one arrow per message. A CSS grid rather
 * than SVG so labels wrap in a narrow docked DevTools instead of overflowing.
 */
export function SequenceDiagram(props: { exchange: Exchange; diagnosis: Diagnosis }) {
  const { messages, outcome } = buildSequence(props.exchange, props.diagnosis);
  const origin = props.exchange.initiatorOrigin;
  return (
    <figure class="seq" aria-label="Conversation between the browser and the server">
      <div class="seq-lanes" aria-hidden="true">
        <span class="seq-lane">Browser{origin ? <small>{origin}</small> : null}</span>
        <span class="seq-lane seq-lane-server">
          Server{messages[0] ? <small>{messages[0].host}</small> : null}
        </span>
      </div>
      <ol class="seq-messages">
        {messages.map((m, i) => {
          // A redirect to another host: name the new server where its first message starts.
          const hostChanged = i > 0 && messages[i - 1]!.host !== m.host;
          return (
            <li
              key={i}
              class={`seq-msg ${m.toServer ? 'to-server' : 'to-browser'} seq-${m.state} seq-kind-${m.kind}`}
            >
              {hostChanged && m.toServer ? <span class="seq-host">{m.host}</span> : null}
              <span class="seq-head">
                <span class="seq-kind">{KIND_LABEL[m.kind]}</span>
                <code class="seq-label">
                  <WrapAtTokens text={m.label} />
                </code>
                {STATE_LABEL[m.state] ? <em class="seq-state">{STATE_LABEL[m.state]}</em> : null}
              </span>
              <span class="seq-arrow" aria-hidden="true">
                {m.state === 'broken' || m.state === 'failed' ? <b class="seq-break">✕</b> : null}
              </span>
              {m.details.length ? (
                <span class="seq-details">
                  {m.details.map((d) => (
                    <code key={d}>
                      <WrapAtTokens text={d} />
                    </code>
                  ))}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <figcaption
        class={`seq-outcome ${outcome.blocked ? 'seq-outcome-blocked' : 'seq-outcome-ok'}`}
      >
        {outcome.text}
      </figcaption>
    </figure>
  );
}

/**
 * Each token is an inline block: a line wraps between tokens, and inside one only when the token
 * alone is wider than the line (`.seq-token` lets it break anywhere then).
 */
function WrapAtTokens({ text }: { text: string }) {
  return (
    <>
      {wrapTokens(text).map((piece, i) =>
        isSpace(piece) ? (
          piece
        ) : (
          <span key={i} class="seq-token">
            {piece}
          </span>
        ),
      )}
    </>
  );
}
