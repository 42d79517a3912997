import type { Analysis } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { relaxCaveat, relaxTarget, scopeWords } from '../model/relax.ts';
import { needsAnsweredPreflight } from '../../../src/protocol/packages.ts';
import { PreflightPackageHint } from '../../ui/PackageHint.tsx';
import { usePanelState, useStore } from './store-context.ts';

/**
 * "Relax CORS for <site>": one click creates an override for the inspected tab's site, in this tab
 * only; a request from a frame of another origin gets an explanation instead (relax.ts).
 */
export function RelaxButton({ record, analysis }: { record: ExchangeRecord; analysis: Analysis }) {
  const store = useStore();
  const relax = usePanelState((s) => s.relax);
  const overrides = usePanelState((s) => s.overrides);
  const live = usePanelState((s) => s.source.kind === 'live');
  const capabilities = usePanelState((s) => s.capabilities);
  const pageUrl = usePanelState((s) => (s.source.kind === 'live' ? s.source.pageUrl : undefined));
  if (!live || analysis.status !== 'blocked') return null;
  const target = relaxTarget(record.exchange, pageUrl);
  const mine = relax.kind !== 'idle' && relax.key === record.key ? relax : undefined;
  const caveat = relaxCaveat(analysis);
  if (!('site' in target)) {
    return <p class="muted relax-unavailable">{target.unavailable}</p>;
  }
  // One override per site: a second click adds what this request needs to the existing one.
  const existing = overrides.find((o) => o.site === target.site);
  return (
    <div class="relax">
      <button
        type="button"
        class="relax-button"
        disabled={mine?.kind === 'pending'}
        onClick={() => void store.actions.relax(record)}
        title={
          existing
            ? `Adds what this request needs to the override for ${target.site} (${scopeWords(existing)}).`
            : `Creates a CORS Lens override for ${target.site}, in this tab only, for an hour.`
        }
      >
        {mine?.kind === 'pending'
          ? 'Relaxing…'
          : existing
            ? `Relax this request too (${target.site})`
            : `Relax CORS for ${target.site}`}
      </button>
      {existing && mine?.kind !== 'done' ? (
        <p class="hint">
          CORS Lens already relaxes {target.site}
          {existing.paused ? ' (paused)' : ''}. This request was made before, or needs more: the
          button adds its API, method and headers to that override.
        </p>
      ) : null}
      {caveat && mine?.kind !== 'done' ? <p class="hint">{caveat}</p> : null}
      {needsAnsweredPreflight(analysis.diagnosis.reason, record.exchange) ? (
        <PreflightPackageHint
          capabilities={capabilities}
          answering={existing?.answerPreflights === true && !existing.paused}
        />
      ) : null}
      {mine?.kind === 'done' ? (
        <div class="relax-done" role="status">
          {mine.message.map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      ) : null}
      {mine?.kind === 'error' ? (
        <p class="relax-error" role="alert">
          Could not relax: {mine.message}
        </p>
      ) : null}
    </div>
  );
}
