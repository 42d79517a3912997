import type { Diagnosis, PreflightReason } from '../../../src/cors/types.ts';
import type { Analysis } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { CopyButton } from './copy-button.tsx';
import { RichList, RichParagraphs, RichText } from './rich-text.tsx';
import { SequenceDiagram } from './sequence-diagram.tsx';

/** What the browser did and why: the conversation, then each check in order, then the verdict. */
export function WhyTab({ record, analysis }: { record: ExchangeRecord; analysis: Analysis }) {
  const { diagnosis } = analysis;
  return (
    <div class="why-tab">
      <SequenceDiagram exchange={record.exchange} diagnosis={diagnosis} />
      {diagnosis.reason ? <ReasonBox diagnosis={diagnosis} /> : null}
      {diagnosis.explanation.length ? (
        <section>
          <h4>What happened</h4>
          <RichParagraphs texts={diagnosis.explanation} />
        </section>
      ) : null}
      <PreflightWhy diagnosis={diagnosis} />
      {diagnosis.checks.length ? (
        <section>
          <h4>The browser’s checks, in order</h4>
          <ol class="checks">
            {diagnosis.checks.map((check) => (
              <li key={check.id} class={check.passed ? 'check-pass' : 'check-fail'}>
                <span class="check-mark" aria-label={check.passed ? 'passed' : 'failed'}>
                  {check.passed ? '✓' : '✕'}
                </span>
                <span class="check-title">{check.title}</span>
                <span class="check-detail">
                  <RichText text={check.detail} />
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section>
        <h4>Credentials</h4>
        <p>
          Mode <code>{diagnosis.credentials.mode}</code>
          {diagnosis.credentials.inferred ? ' (inferred: the source does not record it)' : ''}.
          {diagnosis.credentials.verdictDependsOnIt
            ? ' The verdict would differ under another credentials mode.'
            : ''}
        </p>
        {diagnosis.credentials.evidence.length ? (
          <ul class="evidence">
            {diagnosis.credentials.evidence.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
      </section>
      {diagnosis.notes.length ? (
        <section>
          <h4>Notes</h4>
          <RichList items={diagnosis.notes} />
        </section>
      ) : null}
    </div>
  );
}

function ReasonBox({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <section class="reason-box">
      <h4>
        Chromium’s reason: <code class="reason-code">{diagnosis.reason}</code>
        {diagnosis.failedParameter ? (
          <span class="muted"> (failed on “{diagnosis.failedParameter}”)</span>
        ) : null}
      </h4>
      {diagnosis.consoleMessage ? (
        <>
          <p class="muted">The console shows:</p>
          <pre class="console-line">{diagnosis.consoleMessage}</pre>
          <CopyButton text={diagnosis.consoleMessage} label="Copy message" />
        </>
      ) : null}
    </section>
  );
}

function PreflightWhy({ diagnosis }: { diagnosis: Diagnosis }) {
  const { needed, sent, reasons } = diagnosis.preflight;
  return (
    <section>
      <h4>Preflight</h4>
      {!needed && !sent ? (
        <p>
          No preflight: a “simple” request (safelisted method and headers) goes straight to the
          server; only the response’s CORS headers are checked.
        </p>
      ) : (
        <>
          <p>
            {sent ? 'The browser sent a preflight (OPTIONS) first' : 'A preflight was needed'}
            {reasons.length ? ' because:' : '.'}
          </p>
          <ul>
            {reasons.map((reason, i) => (
              <li key={i}>{describeReason(reason)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function describeReason(reason: PreflightReason): string {
  switch (reason.kind) {
    case 'forced':
      return reason.detail;
    case 'method':
      return `the method ${reason.method} is not GET, HEAD or POST`;
    case 'header':
      switch (reason.why) {
        case 'not-safelisted':
          return `the request header ${reason.header} is not CORS-safelisted`;
        case 'value-not-safe':
          return `the value of ${reason.header} is not a safelisted value (e.g. Content-Type other than form or text/plain)`;
        case 'value-too-long':
          return `the value of ${reason.header} is longer than 128 bytes`;
        case 'safelist-budget':
          return `the safelisted headers together exceed 1024 bytes (${reason.header})`;
      }
  }
}
