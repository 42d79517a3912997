import type { Analysis } from '../model/analysis.ts';
import { adviceFor, curlFor, fixesFor } from '../model/engine.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { FixVariants } from '../../ui/FixVariants.tsx';
import { ServerFixView } from '../../ui/ServerFixView.tsx';
import { CopyButton } from './copy-button.tsx';
import { RichList, RichParagraphs } from './rich-text.tsx';
import { usePanelState, useStore } from './store-context.ts';
import { TabButton } from './tab-button.tsx';

/**
 * The fixes by stack, the detected stack first (or the one the user picked last), each ready to
 * copy; the advice for this case; and the preflight as a curl command to reproduce it.
 */
export function FixesTab({ record, analysis }: { record: ExchangeRecord; analysis: Analysis }) {
  const store = useStore();
  const preferred = usePanelState((s) => s.preferredStack);
  const overrides = usePanelState((s) => s.overrides);
  // The server's own answer is what needs fixing, relaxed or not.
  const needsFix = analysis.status === 'blocked' || analysis.status === 'relaxed';
  const fixes = needsFix ? fixesFor(record.exchange, analysis.diagnosis) : [];
  const advice = needsFix ? adviceFor(record.exchange, analysis.diagnosis) : [];
  const fix = fixes.find((f) => f.stack === preferred) ?? fixes[0];
  const curl = curlFor(record.exchange, analysis.diagnosis);
  const powershell = curl ? curlFor(record.exchange, analysis.diagnosis, 'powershell') : undefined;
  const override = overrides.find((o) => o.site === record.exchange.initiatorOrigin);
  return (
    <div class="fixes-tab">
      {!needsFix ? <p>Nothing to fix: the browser accepts this exchange.</p> : null}
      {advice.length ? (
        <section class="advice">
          <RichParagraphs texts={advice} />
        </section>
      ) : null}
      {needsFix && fixes.length === 0 ? (
        <p class="muted">No server or proxy configuration fixes this failure.</p>
      ) : null}
      {fixes.length ? (
        <>
          <h4>Fix it on the server, or proxy it</h4>
          <div class="stack-picker" role="tablist" aria-label="Server or proxy">
            {fixes.map((f) => (
              <TabButton
                look="pill"
                key={f.stack}
                selected={f === fix}
                onSelect={() => store.actions.preferStack(f.stack)}
                title={f.detectedBy ? `Detected: ${f.detectedBy}` : undefined}
              >
                {f.title}
                {f.detectedBy ? <span class="tag tag-detected">detected</span> : null}
              </TabButton>
            ))}
          </div>
          {fix ? (
            <section class="fix" role="tabpanel" aria-label={fix.title}>
              <div class="code-head">
                <span class="muted">
                  {fix.kind === 'proxy' ? 'Dev-server proxy' : 'Server'} · {fix.language}
                  {fix.detectedBy ? ` · detected by ${fix.detectedBy}` : ''}
                </span>
                <CopyButton text={fix.code} />
              </div>
              <pre class="code">{fix.code}</pre>
              <FixVariants fix={fix} />
              {fix.notes.length ? <RichList class="fix-notes" items={fix.notes} /> : null}
            </section>
          ) : null}
        </>
      ) : null}
      {analysis.status === 'relaxed' && override ? (
        <ServerFixView override={override} stack={fix?.stack} open />
      ) : null}
      {curl ? (
        <section class="curl">
          <div class="code-head">
            <h4>Reproduce it with curl</h4>
            {/* Both forms are quoted for their shell and hold nothing a terminal would act on. */}
            <CopyButton text={curl} label="Copy cURL" />
            {powershell ? <CopyButton text={powershell} label="Copy for PowerShell" /> : null}
          </div>
          <pre class="code">{curl}</pre>
        </section>
      ) : null}
    </div>
  );
}
