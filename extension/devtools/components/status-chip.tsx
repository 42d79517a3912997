import type { Analysis } from '../model/analysis.ts';

const LABELS: Record<Analysis['status'], string> = {
  allowed: 'Allowed',
  blocked: 'Blocked',
  relaxed: 'Relaxed',
  'network-error': 'Net error',
  'not-cors': 'No CORS',
};

const TITLES: Record<Analysis['status'], string> = {
  allowed: 'The browser let the page read the response.',
  blocked: 'The browser blocked the response: the page saw a network error.',
  relaxed:
    'Passes only because a CORS Lens override changed the response headers; the server alone would be blocked.',
  'network-error': 'The request failed before CORS was checked (not a CORS problem).',
  'not-cors': 'Not a CORS request (e.g. an image or a no-cors fetch): no CORS check applies.',
};

/** Allowed / Blocked (reason) / Relaxed: colour plus a text label, never colour alone. */
export function StatusChip({ analysis, compact }: { analysis: Analysis; compact?: boolean }) {
  const { status, diagnosis } = analysis;
  const reason = status === 'blocked' ? diagnosis.reason : undefined;
  return (
    <span
      class={`chip chip-${status}`}
      title={reason ? `${reason}: ${diagnosis.summary}` : TITLES[status]}
    >
      <span class="chip-dot" aria-hidden="true" />
      {LABELS[status]}
      {reason && !compact ? <span class="chip-reason">{reason}</span> : null}
    </span>
  );
}
